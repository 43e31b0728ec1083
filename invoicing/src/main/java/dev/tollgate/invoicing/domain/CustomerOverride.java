package dev.tollgate.invoicing.domain;

import java.time.Instant;

/**
 * A customer's own billing settings: the profile it is pinned to (null for the namespace's default) and the workflow
 * settings it changes (only those; the rest come from the profile).
 */
public record CustomerOverride(String customerId, String billingProfileId, BillingWorkflow workflow,
        Instant createdAt, Instant updatedAt) {
}
