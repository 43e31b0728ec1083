package dev.tollgate.catalog.api;

import java.time.Instant;

/**
 * A subscription as invoicing sees it: whose it is, on which plan version, in which currency, and when it runs.
 *
 * @param activeTo null while it has no end
 * @param updatedAt moves whenever anything billing depends on changes (an end set or removed)
 */
public record BillableSubscription(String id, String namespace, String customerId, String currency,
        String planId, String planKey, int planVersion, String name, Instant activeFrom, Instant activeTo,
        Instant billingAnchor, String billingCadence, Instant createdAt, Instant updatedAt) {
}
