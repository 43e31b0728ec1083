package dev.tollgate.finance.rest;

import dev.tollgate.catalog.api.pricing.PricingCurrency;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How reports present exact amounts: rounded half up to the currency's minor units (the pricing engine's one rule, so
 * a report's invoiced amounts equal the invoices'), then written as the invoices write theirs, OpenMeter's
 * {@code Numeric}: a plain decimal string without trailing zeros. Rounding happens here and nowhere else.
 */
final class Money {

    private Money() {
    }

    static String of(BigDecimal exact, String currency) {
        if (exact == null) {
            return null;
        }
        BigDecimal shown;
        try {
            shown = PricingCurrency.of(currency).round(exact);
        } catch (IllegalArgumentException e) {
            shown = exact; // not an ISO 4217 currency: shown exactly
        }
        return numeric(shown);
    }

    /** A percentage to two decimals, half up. */
    static String percent(BigDecimal exact) {
        return exact == null ? null : numeric(exact.setScale(2, RoundingMode.HALF_UP));
    }

    private static String numeric(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
