package dev.tollgate.finance.domain;

import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A recurring fee normalised to one month, the unit of MRR: a monthly fee counts once, a yearly one a twelfth, a
 * quarterly one a third, a weekly one 52/12 times, any other cadence of whole months by its months, and a cadence of
 * days or hours by the share of a 365-day year it takes (365/12 days a month). Exact to 34 significant digits
 * ({@link MathContext#DECIMAL128}, as the catalog's proration shares are): money is rounded only when presented.
 */
public final class MonthlyRate {

    public static final MathContext PRECISION = MathContext.DECIMAL128;

    private static final long WEEK = 7 * 24 * 3600;
    private static final BigDecimal YEAR_SECONDS = BigDecimal.valueOf(365L * 24 * 3600);

    private MonthlyRate() {
    }

    /**
     * What a fee of {@code amount} per {@code cadence}, less {@code percentageDiscount} percent, brings in a month.
     *
     * @throws IllegalArgumentException when the cadence is not an ISO 8601 duration or is zero
     */
    public static BigDecimal of(BigDecimal amount, BigDecimal percentageDiscount, String cadence) {
        IsoPeriod period = IsoPeriod.parse(cadence).filter(p -> !p.isZero())
                .orElseThrow(() -> new IllegalArgumentException("not a billing cadence: " + cadence));
        BigDecimal net = amount;
        if (percentageDiscount != null && percentageDiscount.signum() != 0) {
            net = amount.multiply(BigDecimal.valueOf(100).subtract(percentageDiscount)).movePointLeft(2);
        }
        return net.multiply(perMonthNumerator(period)).divide(perMonthDenominator(period), PRECISION);
    }

    /** Periods per month = numerator / denominator. */
    private static BigDecimal perMonthNumerator(IsoPeriod period) {
        if (period.seconds() == 0) {
            return BigDecimal.ONE;
        }
        if (period.months() == 0 && period.seconds() % WEEK == 0) {
            return BigDecimal.valueOf(52);
        }
        return YEAR_SECONDS;
    }

    private static BigDecimal perMonthDenominator(IsoPeriod period) {
        if (period.seconds() == 0) {
            return BigDecimal.valueOf(period.months());
        }
        if (period.months() == 0 && period.seconds() % WEEK == 0) {
            return BigDecimal.valueOf(12 * (period.seconds() / WEEK));
        }
        // A period of months and days: its months as 365/12 days each, so 12 of them are a year.
        return BigDecimal.valueOf(12).multiply(BigDecimal.valueOf(period.seconds())
                .add(YEAR_SECONDS.multiply(BigDecimal.valueOf(period.months())).divide(BigDecimal.valueOf(12))));
    }
}
