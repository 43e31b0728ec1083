package dev.tollgate.catalog.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An entitlement a subscription grants: one per phase and rate card with an entitlement template, in force while the
 * phase runs. A trial's quota and the paid phase's are two of them, one after the other.
 *
 * @param activeTo null while the phase runs without end
 * @param type metered, boolean or static
 * @param usagePeriod ISO 8601, counted from {@code billingAnchor}; null unless metered
 * @param config a JSON object as text, for static entitlements
 * @param thresholds the template's quota notification levels, {@code {type: PERCENT|NUMBER, value}}
 */
public record SubscriptionEntitlement(String namespace, String subscriptionId, String customerId, String phaseKey,
        String itemKey, String featureKey, Instant activeFrom, Instant activeTo, Instant billingAnchor, String type,
        Map<String, String> metadata, boolean isSoftLimit, BigDecimal issueAfterReset,
        Integer issueAfterResetPriority, boolean preserveOverageAtReset, String usagePeriod, String config,
        List<Threshold> thresholds) {

    /** A usage level at which quota notifications are sent. */
    public record Threshold(String type, BigDecimal value) {
    }
}
