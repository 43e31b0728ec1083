package dev.tollgate.finance.rest;

import java.math.BigDecimal;

/** Decimals as the API answers amounts: OpenMeter's {@code Numeric}, an exact plain string without trailing zeros. */
final class Money {

    private Money() {
    }

    static String numeric(BigDecimal value) {
        if (value == null) {
            return null;
        }
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
