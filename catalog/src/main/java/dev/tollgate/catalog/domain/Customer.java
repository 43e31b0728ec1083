package dev.tollgate.catalog.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The billing identity: who is invoiced for the usage of its subjects.
 *
 * @param key an optional unique key from the client's own systems
 * @param currency ISO 4217, such as {@code USD}
 * @param subjectKeys the subjects (gateway consumers) whose usage is billed to this customer, sorted
 * @param parentCustomerId the customer whose invoice this one's usage rolls up into, null for a top-level customer
 * @param stripeCustomerId the payment provider's id for this customer, such as {@code cus_...}
 * @param deletedAt null while the customer is live
 */
public record Customer(String id, String namespace, String key, String name, String description,
        String primaryEmail, String currency, CustomerAddress billingAddress, List<String> subjectKeys,
        String parentCustomerId, String stripeCustomerId, Map<String, String> metadata, Instant createdAt,
        Instant updatedAt, Instant deletedAt) {
}
