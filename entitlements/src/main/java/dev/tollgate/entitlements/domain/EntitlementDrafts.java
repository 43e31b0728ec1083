package dev.tollgate.entitlements.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Request bodies of the entitlement and grant endpoints, in OpenMeter's shapes, before validation. */
public final class EntitlementDrafts {

    private EntitlementDrafts() {
    }

    /** {@code {interval, anchor}}: a named interval or ISO 8601 duration, and an RFC 3339 anchor. */
    public record Period(String interval, String anchor) {
    }

    /** OpenMeter's {@code issue}: the grant made for each usage period. */
    public record Issue(BigDecimal amount, Integer priority) {
    }

    /**
     * OpenMeter's {@code EntitlementV2CreateInputs}, all three types in one record; what does not belong to the type is
     * refused by the rules.
     *
     * @param measureUsageFrom {@code CURRENT_PERIOD_START}, {@code NOW} or an RFC 3339 time
     * @param config for static entitlements: a JSON object, given as a JSON string (OpenMeter's form) or inline
     */
    public record Create(String type, String featureKey, String featureId, Map<String, String> metadata,
            @JsonProperty("isSoftLimit") Boolean isSoftLimit, Period usagePeriod, String measureUsageFrom,
            Boolean preserveOverageAtReset, BigDecimal issueAfterReset, Integer issueAfterResetPriority,
            Issue issue, List<GrantCreate> grants, JsonNode config) {
    }

    /** {@code {duration, count}}: a grant's lifetime from its effective time. */
    public record Expiration(String duration, Integer count) {
    }

    /** OpenMeter's {@code EntitlementGrantCreateInputV2}. */
    public record GrantCreate(BigDecimal amount, Integer priority, String effectiveAt, BigDecimal minRolloverAmount,
            BigDecimal maxRolloverAmount, Expiration expiration, Period recurrence, Map<String, String> metadata,
            Map<String, Object> annotations) {
    }

    /** OpenMeter's {@code ResetEntitlementUsageInput}; every field optional. */
    public record Reset(String effectiveAt, Boolean retainAnchor, Boolean preserveOverage) {
    }
}
