package dev.tollgate.entitlements.access;

import dev.tollgate.entitlements.api.LiveBalance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One entitlement in the access view: its state at the checkpoint {@code at} (exact, from the credit engine over
 * ClickHouse), and what to subtract live usage from until {@code nextChange}, when it must be worked out again.
 *
 * @param usageKey which polled usage burns it (namespace, meter and the feature's filters); null unless metered
 * @param subjects the customer's subjects, whose polled usage counts
 * @param usageBeforeAt usage between the view's checkpoint and {@code at}, already in the balance
 * @param quota what the period's grants hold in all ({@code RateLimit-Policy}'s q)
 * @param periodFrom the current usage period, for the window and the time to reset
 * @param nextChange the next reset, grant start, expiry, refill or end; null if none is known
 * @param usageInPeriod the usage period's usage at {@code at}, for quota notifications
 * @param planThresholds the plan template's notification levels
 */
record AccessEntry(String namespace, String customerId, String featureKey, String entitlementId, String type,
        boolean softLimit, String config, UsageKey usageKey, List<String> subjects, Instant at, BigDecimal balance,
        BigDecimal usageBeforeAt, BigDecimal quota, Instant periodFrom, Instant periodTo, Instant nextChange,
        BigDecimal usageInPeriod, List<LiveBalance.PlanThreshold> planThresholds) {

    /** The usage a metered entitlement burns, as one poll reads it for every subject at once. */
    record UsageKey(String namespace, String meterSlug, java.util.Map<String, String> groupFilters) {
    }

    boolean metered() {
        return usageKey != null;
    }

    /** The entry's figures now, given the usage polled since its own time. */
    LiveBalance live(BigDecimal usedSinceAt) {
        return new LiveBalance(namespace, entitlementId, customerId, featureKey, periodFrom, periodTo,
                usageInPeriod.add(usedSinceAt), balance.subtract(usedSinceAt), quota, planThresholds);
    }
}
