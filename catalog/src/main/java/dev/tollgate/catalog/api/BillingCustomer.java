package dev.tollgate.catalog.api;

import java.time.Instant;
import java.util.Map;

/**
 * A customer as invoicing sees it: who is billed, in which currency, where, and under whom.
 *
 * @param currency ISO 4217, or null when the customer has none of its own (its plans' currency is used)
 * @param billingAddress OpenMeter's {@code Address} fields that are set
 * @param parentCustomerId null for a top-level customer
 * @param deletedAt null while the customer is live
 */
public record BillingCustomer(String id, String namespace, String key, String name, String primaryEmail,
        String currency, Map<String, String> billingAddress, String parentCustomerId, Instant createdAt,
        Instant deletedAt) {
}
