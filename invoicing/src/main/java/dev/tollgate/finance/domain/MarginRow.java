package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * One group's revenue and cost in one currency, exact. Revenue and cost are compared only within a currency: there
 * is no conversion.
 *
 * @param group each groupBy dimension to its value (null where there is none, such as a line without a feature)
 */
public record MarginRow(Map<String, String> group, String currency, BigDecimal revenue, BigDecimal cost) {

    public BigDecimal margin() {
        return revenue.subtract(cost);
    }

    /** Margin as a percentage of revenue, to 34 significant digits; null when there was no revenue. */
    public BigDecimal marginPercent() {
        return revenue.signum() == 0 ? null
                : margin().multiply(BigDecimal.valueOf(100)).divide(revenue, MathContext.DECIMAL128);
    }
}
