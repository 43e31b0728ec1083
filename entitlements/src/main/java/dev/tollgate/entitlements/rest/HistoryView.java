package dev.tollgate.entitlements.rest;

import dev.tollgate.entitlements.credit.BalanceSegment;
import dev.tollgate.entitlements.domain.BalanceHistory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code WindowedBalanceHistory}. */
public record HistoryView(List<Window> windowedHistory, List<Segment> burndownHistory) {

    /** OpenMeter's {@code BalanceHistoryWindow}. */
    public record Window(EntitlementView.PeriodView period, BigDecimal usage, BigDecimal balanceAtStart) {
    }

    /** OpenMeter's {@code GrantBurnDownHistorySegment}. */
    public record Segment(EntitlementView.PeriodView period, BigDecimal usage, BigDecimal overage,
            BigDecimal balanceAtStart, Map<String, BigDecimal> grantBalancesAtStart, BigDecimal balanceAtEnd,
            Map<String, BigDecimal> grantBalancesAtEnd, List<GrantUsage> grantUsages) {
    }

    /** OpenMeter's {@code GrantUsage}. */
    public record GrantUsage(String grantId, BigDecimal usage) {
    }

    static HistoryView of(BalanceHistory history) {
        return new HistoryView(history.windowedHistory().stream().map(w -> new Window(
                new EntitlementView.PeriodView(w.from(), w.to()), w.usage(), w.balanceAtStart())).toList(),
                history.burndownHistory().stream().map(HistoryView::segment).toList());
    }

    private static Segment segment(BalanceSegment s) {
        return new Segment(new EntitlementView.PeriodView(s.from(), s.to()), s.usage(), s.overage(),
                s.balanceAtStart(), s.grantBalancesAtStart(), s.balanceAtEnd(), s.grantBalancesAtEnd(),
                s.grantUsages().entrySet().stream().map(e -> new GrantUsage(e.getKey(), e.getValue())).toList());
    }
}
