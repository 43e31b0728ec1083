package dev.tollgate.app.stripe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * Stripe's currency rules. Amounts are integers in the currency's smallest unit as Stripe defines it: cents for USD,
 * whole yen for JPY (zero-decimal), fils for KWD (three-decimal, where Stripe only accepts multiples of 10 because card
 * networks settle those currencies to two decimals).
 */
final class StripeCurrency {

    /** Stripe's zero-decimal currencies: an amount of 500 JPY is ¥500. */
    static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg",
            "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");
    /** Stripe's three-decimal currencies: amounts are in thousandths and must end in 0. */
    static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

    private StripeCurrency() {
    }

    /** "USD" or "usd" → "usd"; anything that is not an ISO 4217 code → 400 like Stripe's "Invalid currency". */
    static String normalize(String code, String param) {
        String lower = code == null ? "" : code.trim().toLowerCase(Locale.ROOT);
        try {
            if (lower.length() != 3) {
                throw new IllegalArgumentException();
            }
            Currency.getInstance(lower.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StripeApiError.invalid("Invalid currency: " + lower + ". Stripe currently supports these currencies:"
                    + " usd, eur, gbp, jpy, kwd, ... (ISO 4217 codes in lowercase).", param, "invalid_currency");
        }
        return lower;
    }

    static int decimals(String currency) {
        if (ZERO_DECIMAL.contains(currency)) {
            return 0;
        }
        return THREE_DECIMAL.contains(currency) ? 3 : 2;
    }

    /** Stripe refuses a three-decimal amount whose last digit is not 0. */
    static void checkAmount(String currency, long amount, String param) {
        if (THREE_DECIMAL.contains(currency) && amount % 10 != 0) {
            throw StripeApiError.invalid("Invalid " + param + ": amounts in " + currency.toUpperCase(Locale.ROOT)
                    + " are in thousandths and must be divisible by 10 (the last digit must be 0), but " + amount
                    + " was given.", param, "invalid_amount");
        }
    }

    /** unit_amount_decimal × quantity, rounded half up to the smallest unit (Stripe's rounding for line totals). */
    static long lineAmount(BigDecimal unitAmountDecimal, BigDecimal quantity) {
        return unitAmountDecimal.multiply(quantity).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
