package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code BillingProfile}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillingProfileView(String id, String name, String description, Map<String, String> metadata,
        BillingParty supplier, BillingWorkflow workflow, Map<String, Map<String, String>> apps,
        @JsonProperty("default") boolean isDefault, Instant createdAt, Instant updatedAt, Instant deletedAt) {


    /** The apps that calculate tax, invoice and collect: Stripe does all three when a profile names it. */
    static Map<String, Map<String, String>> appReferences(String invoicingAppId) {
        Map<String, String> ref = Map.of("id", invoicingAppId == null ? BillingProfile.CUSTOM_INVOICING_APP
                : invoicingAppId);
        return Map.of("tax", ref, "invoicing", ref, "payment", ref);
    }

    static BillingProfileView of(BillingProfile p) {
        return new BillingProfileView(p.id(), p.name(), p.description(), p.metadata(), p.supplier(), p.workflow(),
                appReferences(p.invoicingAppId()), p.isDefault(), p.createdAt(), p.updatedAt(), p.deletedAt());
    }

    /** OpenMeter's {@code BillingProfilePaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<BillingProfileView> items) {
    }
}
