package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/**
 * One tier: usage up to and including {@code upToAmount} (null on the last, open tier) belongs to it, as in OpenMeter
 * and Stripe. A tier charges a {@code flatPrice} once usage reaches it, a {@code unitPrice} per unit, or both.
 */
public record PriceTier(BigDecimal upToAmount, BigDecimal flatPrice, BigDecimal unitPrice) {

    public static PriceTier upTo(BigDecimal upToAmount, BigDecimal flatPrice, BigDecimal unitPrice) {
        return new PriceTier(upToAmount, flatPrice, unitPrice);
    }

    public static PriceTier open(BigDecimal flatPrice, BigDecimal unitPrice) {
        return new PriceTier(null, flatPrice, unitPrice);
    }

    public boolean isOpen() {
        return upToAmount == null;
    }
}
