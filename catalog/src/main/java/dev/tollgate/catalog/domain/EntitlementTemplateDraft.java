package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An entitlement template as a client sent it, every kind's fields in one shape, keyed by {@code type}.
 *
 * @param config a static template's JSON object, as a string (OpenMeter's form) or as the object itself
 * @param thresholds a metered template's notification thresholds
 */
public record EntitlementTemplateDraft(String type, Map<String, String> metadata,
        @JsonProperty("isSoftLimit") Boolean isSoftLimit, BigDecimal issueAfterReset,
        Integer issueAfterResetPriority, Boolean preserveOverageAtReset, String usagePeriod, JsonNode config,
        List<UsageThreshold> thresholds) {

    /** The template, for a known {@code type}; a metered one's period defaults to the rate card's cadence. */
    public EntitlementTemplate toTemplate(String rateCardCadence) {
        return switch (type) {
            case EntitlementTemplate.METERED -> new EntitlementTemplate.MeteredTemplate(metadata,
                    Boolean.TRUE.equals(isSoftLimit), issueAfterReset, issueAfterResetPriority,
                    Boolean.TRUE.equals(preserveOverageAtReset), usagePeriod == null ? rateCardCadence : usagePeriod,
                    thresholds == null ? List.of() : List.copyOf(thresholds));
            case EntitlementTemplate.BOOLEAN -> new EntitlementTemplate.BooleanTemplate(metadata);
            case EntitlementTemplate.STATIC -> new EntitlementTemplate.StaticTemplate(metadata, configText());
            default -> throw new IllegalArgumentException("unknown entitlement template type: " + type);
        };
    }

    /** The config as JSON text; null when absent. */
    public String configText() {
        if (config == null || config.isNull()) {
            return null;
        }
        return config.isTextual() ? config.textValue() : config.toString();
    }
}
