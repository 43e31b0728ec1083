package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/**
 * How far a billing period has been billed: the usage billed so far, whether any line has been billed (so in-advance
 * fees are) and whether the last one has (so in-arrears fees, volume tiers and the minimum commitment are).
 */
record PeriodProgress(BigDecimal usage, boolean started, boolean closed) {

    /** Where the period stands before the line. */
    static PeriodProgress before(PricingInput input) {
        return new PeriodProgress(input.periodUsageBefore(), !input.firstInPeriod(), false);
    }

    /** Where the period stands after the line. */
    static PeriodProgress after(PricingInput input) {
        return new PeriodProgress(input.periodUsageAfter(), true, input.lastInPeriod());
    }

    PeriodProgress withUsage(BigDecimal usage) {
        return new PeriodProgress(usage, started, closed);
    }
}
