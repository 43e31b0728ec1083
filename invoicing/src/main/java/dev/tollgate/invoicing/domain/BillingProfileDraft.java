package dev.tollgate.invoicing.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A billing profile as a client sent it (OpenMeter's {@code BillingProfileCreate} and
 * {@code BillingProfileReplaceUpdateWithWorkflow}), before validation.
 *
 * @param apps OpenMeter's app references ({@code tax}, {@code invoicing}, {@code payment}), each an app id or
 *     {@code {"id": …}}; Tollgate reads {@code invoicing}: the Stripe app that invoices and collects, or the built-in
 *     custom invoicing app
 */
public record BillingProfileDraft(String name, String description, Map<String, String> metadata,
        BillingParty supplier, @JsonProperty("default") Boolean isDefault, BillingWorkflow workflow, JsonNode apps) {

    /** The invoicing app the draft names; empty when it names none. */
    public java.util.Optional<String> invoicingApp() {
        if (apps == null || !apps.hasNonNull("invoicing")) {
            return java.util.Optional.empty();
        }
        JsonNode ref = apps.get("invoicing");
        String id = ref.isTextual() ? ref.asText() : ref.path("id").asText(null);
        return java.util.Optional.ofNullable(id).filter(s -> !s.isBlank());
    }
}
