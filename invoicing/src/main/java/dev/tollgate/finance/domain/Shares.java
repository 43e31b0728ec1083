package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A group's share of its window's total in one currency: of the cost, or of the usage when nothing in that window
 * and currency cost anything. Shares are for people reading a report, so they alone are rounded: to
 * {@link #SCALE} decimal places, half up as the invoice's amounts are; the amounts they come from are exact.
 */
public final class Shares {

    public static final int SCALE = 6;

    private Shares() {
    }

    public static BigDecimal share(BigDecimal cost, BigDecimal usage, BigDecimal totalCost, BigDecimal totalUsage) {
        if (totalCost.signum() != 0) {
            return cost.divide(totalCost, SCALE, RoundingMode.HALF_UP);
        }
        if (totalUsage.signum() != 0) {
            return usage.divide(totalUsage, SCALE, RoundingMode.HALF_UP);
        }
        return BigDecimal.ZERO.setScale(SCALE);
    }
}
