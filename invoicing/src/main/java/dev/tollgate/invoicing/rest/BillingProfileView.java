package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.shared.ids.DerivedIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code BillingProfile}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillingProfileView(String id, String name, String description, Map<String, String> metadata,
        BillingParty supplier, BillingWorkflow workflow, Map<String, Map<String, String>> apps,
        @JsonProperty("default") boolean isDefault, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    /**
     * Until a payment app is connected, Tollgate itself invoices and takes payment reports (OpenMeter's custom
     * invoicing app, {@code POST /api/v1/apps/custom-invoicing/{invoiceId}/payment/status}).
     */
    static final String CUSTOM_INVOICING_APP = DerivedIds.ulid(Instant.EPOCH, "app", "custom_invoicing");

    static Map<String, Map<String, String>> appReferences() {
        Map<String, String> ref = Map.of("id", CUSTOM_INVOICING_APP);
        return Map.of("tax", ref, "invoicing", ref, "payment", ref);
    }

    static BillingProfileView of(BillingProfile p) {
        return new BillingProfileView(p.id(), p.name(), p.description(), p.metadata(), p.supplier(), p.workflow(),
                appReferences(), p.isDefault(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    /** OpenMeter's {@code BillingProfilePaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<BillingProfileView> items) {
    }
}
