package dev.tollgate.entitlements.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stretch of the burn-down in which neither the grants in force nor their order change: usage in it is burnt at once.
 * A new segment starts at every reset, grant start, expiry, void and recurrence.
 *
 * @param grantBalancesAtStart each grant active in the segment, after the resets and refills at its start
 * @param grantUsages what the segment's usage took from each grant
 * @param overage uncovered usage outstanding at the segment's end
 * @param reset whether a reset happened at its start
 * @param continued whether it only continues the previous segment, cut at an instant the caller asked for
 */
public record BalanceSegment(Instant from, Instant to, BigDecimal usage, BigDecimal overageAtStart,
        BigDecimal overage, Map<String, BigDecimal> grantBalancesAtStart, Map<String, BigDecimal> grantUsages,
        boolean reset, boolean continued) {

    /** The segments with each continued one joined to the one before it: the burn-down as the grants made it. */
    public static List<BalanceSegment> merged(List<BalanceSegment> segments) {
        List<BalanceSegment> merged = new ArrayList<>();
        for (BalanceSegment segment : segments) {
            if (segment.continued() && !merged.isEmpty()) {
                BalanceSegment previous = merged.remove(merged.size() - 1);
                merged.add(new BalanceSegment(previous.from(), segment.to(), previous.usage().add(segment.usage()),
                        previous.overageAtStart(), segment.overage(), previous.grantBalancesAtStart(),
                        Amounts.plus(previous.grantUsages(), segment.grantUsages()), previous.reset(), false));
            } else {
                merged.add(segment);
            }
        }
        return merged;
    }

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
