package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The entitlement a rate card grants on its feature to every subscription of the plan, in OpenMeter's three kinds.
 * The feature itself is the rate card's.
 */
public sealed interface EntitlementTemplate {

    String METERED = "metered";
    String BOOLEAN = "boolean";
    String STATIC = "static";

    String type();

    /**
     * A usage allowance: {@code issueAfterReset} units every {@code usagePeriod}, enforced as a hard limit unless
     * {@code isSoftLimit}. {@code thresholds} (a Tollgate addition) are the usage levels that send quota
     * notifications, such as 80 and 100 percent.
     *
     * @param issueAfterResetPriority 1 (first) to 255, as OpenMeter's grant priority; null for its default
     * @param usagePeriod ISO 8601; the rate card's billing cadence unless the template gave its own
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"type", "metadata", "isSoftLimit", "issueAfterReset", "issueAfterResetPriority",
        "preserveOverageAtReset", "usagePeriod", "thresholds"})
    record MeteredTemplate(Map<String, String> metadata, @JsonProperty("isSoftLimit") boolean isSoftLimit,
            @JsonSerialize(using = RateCardJson.PlainNumber.class) BigDecimal issueAfterReset,
            Integer issueAfterResetPriority, boolean preserveOverageAtReset, String usagePeriod,
            List<UsageThreshold> thresholds) implements EntitlementTemplate {

        @Override
        @JsonProperty("type")
        public String type() {
            return METERED;
        }
    }

    /** Access to the feature, on or off. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"type", "metadata"})
    record BooleanTemplate(Map<String, String> metadata) implements EntitlementTemplate {

        @Override
        @JsonProperty("type")
        public String type() {
            return BOOLEAN;
        }
    }

    /**
     * Access with a configuration the client's own system interprets.
     *
     * @param config a JSON object, as a string, as OpenMeter returns it
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"type", "metadata", "config"})
    record StaticTemplate(Map<String, String> metadata, String config) implements EntitlementTemplate {

        @Override
        @JsonProperty("type")
        public String type() {
            return STATIC;
        }
    }
}
