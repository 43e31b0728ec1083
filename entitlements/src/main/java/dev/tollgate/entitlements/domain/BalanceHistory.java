package dev.tollgate.entitlements.domain;

import dev.tollgate.entitlements.credit.BalanceSegment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * OpenMeter's {@code WindowedBalanceHistory}: usage and the balance at the start of each window of a range, and the
 * burn-down segments behind them.
 */
public record BalanceHistory(List<Window> windowedHistory, List<BalanceSegment> burndownHistory) {

    /** One window: [from, to), its usage, and the balance when it began. */
    public record Window(Instant from, Instant to, BigDecimal usage, BigDecimal balanceAtStart) {
    }
}
