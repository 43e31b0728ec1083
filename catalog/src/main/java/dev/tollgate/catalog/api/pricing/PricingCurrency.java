package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * A plan's currency and its minor units: JPY has none, USD two, KWD three. Amounts are rounded to them half up, that is
 * half away from zero (0.005 USD becomes 0.01 and -0.005 becomes -0.01), as OpenMeter's decimal rounding does.
 */
public record PricingCurrency(String code, int minorUnits) {

    /** OpenMeter's limit for custom currencies. */
    public static final int MAX_MINOR_UNITS = 12;

    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    public PricingCurrency {
        Objects.requireNonNull(code, "code");
        if (minorUnits < 0 || minorUnits > MAX_MINOR_UNITS) {
            throw new IllegalArgumentException(
                    "currency " + code + " must have 0 to " + MAX_MINOR_UNITS + " minor units, not " + minorUnits);
        }
    }

    /**
     * An ISO 4217 currency with its minor units from {@link Currency#getDefaultFractionDigits()}; pseudo-currencies
     * without minor units, such as XXX or XAU, cannot price anything.
     */
    public static PricingCurrency of(String isoCode) {
        Currency currency;
        try {
            currency = Currency.getInstance(isoCode);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown ISO 4217 currency: " + isoCode, e);
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("currency " + isoCode + " has no minor units, so it cannot be billed");
        }
        return new PricingCurrency(currency.getCurrencyCode(), currency.getDefaultFractionDigits());
    }

    /** The amount rounded half up to the minor units; the only rounding the engine does on money. */
    public BigDecimal round(BigDecimal amount) {
        return amount.setScale(minorUnits, ROUNDING);
    }

    /** Zero at the currency's scale. */
    public BigDecimal zero() {
        return BigDecimal.ZERO.setScale(minorUnits);
    }

    /**
     * The amount in minor units, as Stripe's {@code amount} fields take it: 12.34 USD is 1234, 500 JPY is 500.
     *
     * @throws ArithmeticException when the amount has more decimal places than the currency
     */
    public BigInteger toMinorUnits(BigDecimal amount) {
        return amount.movePointRight(minorUnits).toBigIntegerExact();
    }

    /** {@link #toMinorUnits(BigDecimal)} as a {@code long}; throws {@link ArithmeticException} when it does not fit. */
    public long toMinorUnitsLong(BigDecimal amount) {
        return toMinorUnits(amount).longValueExact();
    }

    /** Minor units back to an amount at the currency's scale. */
    public BigDecimal fromMinorUnits(BigInteger minorUnitAmount) {
        return new BigDecimal(minorUnitAmount, minorUnits);
    }
}
