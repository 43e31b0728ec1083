package dev.tollgate.invoicing.domain;

import java.time.Instant;
import java.util.Map;

/**
 * OpenMeter's billing profile: who supplies (the seller on the invoice) and the workflow invoices follow. The
 * namespace's default profile bills every customer that is not pinned to another.
 *
 * @param workflow complete: every setting has a value
 * @param invoicingAppId the app that invoices and collects for it (Stripe); null for Tollgate's own invoicing
 */
public record BillingProfile(String id, String namespace, String name, String description,
        Map<String, String> metadata, BillingParty supplier, BillingWorkflow workflow, boolean isDefault,
        Instant createdAt, Instant updatedAt, Instant deletedAt, String invoicingAppId) {

    /**
     * Until a payment app is connected, Tollgate itself invoices and takes payment reports (OpenMeter's custom
     * invoicing app, {@code POST /api/v1/apps/custom-invoicing/{invoiceId}/payment/status}).
     */
    public static final String CUSTOM_INVOICING_APP = dev.tollgate.shared.ids.DerivedIds.ulid(Instant.EPOCH, "app",
            "custom_invoicing");
}
