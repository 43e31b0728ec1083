package dev.tollgate.invoicing.domain;

import java.time.Instant;
import java.util.Map;

/**
 * OpenMeter's billing profile: who supplies (the seller on the invoice) and the workflow invoices follow. The
 * namespace's default profile bills every customer that is not pinned to another.
 *
 * @param workflow complete: every setting has a value
 */
public record BillingProfile(String id, String namespace, String name, String description,
        Map<String, String> metadata, BillingParty supplier, BillingWorkflow workflow, boolean isDefault,
        Instant createdAt, Instant updatedAt, Instant deletedAt) {
}
