package dev.tollgate.invoicing.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A billing profile as a client sent it (OpenMeter's {@code BillingProfileCreate} and
 * {@code BillingProfileReplaceUpdateWithWorkflow}), before validation.
 *
 * @param apps OpenMeter's app references; Tollgate bills with its own invoicing until a payment app is connected, so
 *     they are accepted and not used
 */
public record BillingProfileDraft(String name, String description, Map<String, String> metadata,
        BillingParty supplier, @JsonProperty("default") Boolean isDefault, BillingWorkflow workflow, JsonNode apps) {
}
