package dev.tollgate.entitlements.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A stretch of the burn-down in which neither the grants in force nor their order change: usage in it is burnt at once.
 * A new segment starts at every reset, grant start, expiry, void and recurrence.
 *
 * @param grantBalancesAtStart each grant active in the segment, after the resets and refills at its start
 * @param grantUsages what the segment's usage took from each grant
 * @param overage uncovered usage outstanding at the segment's end
 * @param reset whether a reset happened at its start
 */
public record BalanceSegment(Instant from, Instant to, BigDecimal usage, BigDecimal overageAtStart,
        BigDecimal overage, Map<String, BigDecimal> grantBalancesAtStart, Map<String, BigDecimal> grantUsages,
        boolean reset) {

    public BigDecimal balanceAtStart() {
        return Amounts.sum(grantBalancesAtStart.values());
    }

    public Map<String, BigDecimal> grantBalancesAtEnd() {
        return Amounts.minus(grantBalancesAtStart, grantUsages);
    }

    public BigDecimal balanceAtEnd() {
        return balanceAtStart().subtract(Amounts.sum(grantUsages.values()));
    }
}
