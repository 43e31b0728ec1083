package dev.tollgate.entitlements.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A metered entitlement's figures as this process's access view holds them now: exact at the view's checkpoint plus
 * the usage polled since. Good enough to see that a quota threshold may have been crossed; what is sent is worked out
 * again exactly ({@link EntitlementFacts}).
 *
 * @param totalAvailableGrantAmount what the period's grants hold in all
 * @param planThresholds the plan template's notification levels; empty for an entitlement made by hand
 */
public record LiveBalance(String namespace, String entitlementId, String customerId, String featureKey,
        Instant periodFrom, Instant periodTo, BigDecimal usage, BigDecimal balance,
        BigDecimal totalAvailableGrantAmount, List<PlanThreshold> planThresholds) {

    /** {@code PERCENT} of the allowance or a {@code NUMBER} of units, as in a plan's entitlement template. */
    public record PlanThreshold(String type, BigDecimal value) {
    }
}
