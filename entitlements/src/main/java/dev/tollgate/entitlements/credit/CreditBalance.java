package dev.tollgate.entitlements.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * An entitlement's credit at one instant.
 *
 * @param grantBalances each grant active at the instant, in burn order; never negative
 * @param overage usage no grant covered and no later balance has paid yet; zero whenever any balance is left
 * @param usageInPeriod usage since the last reset
 * @param grantUsageInPeriod what grants paid since the last reset, including overage carried into the period
 * @param periodStart the last reset at or before the instant (or the start of measurement)
 */
public record CreditBalance(Instant at, Map<String, BigDecimal> grantBalances, BigDecimal overage,
        BigDecimal usageInPeriod, BigDecimal grantUsageInPeriod, Instant periodStart) {

    public BigDecimal balance() {
        return Amounts.sum(grantBalances.values());
    }

    /** OpenMeter's {@code totalAvailableGrantAmount}: what the period's grants held, used or not. */
    public BigDecimal totalAvailableGrantAmount() {
        return grantUsageInPeriod.add(balance());
    }
}
