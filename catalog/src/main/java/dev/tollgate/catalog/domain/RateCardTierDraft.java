package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.api.pricing.PriceTier;
import java.math.BigDecimal;

/**
 * A tier as a client sent it: {@code {"upToAmount": "1000", "flatPrice": null, "unitPrice": {"type": "unit",
 * "amount": "0.10"}}}.
 */
public record RateCardTierDraft(BigDecimal upToAmount, Component flatPrice, Component unitPrice) {

    /** A tier's flat or unit price component. */
    public record Component(String type, BigDecimal amount) {
    }

    public PriceTier toTier() {
        return new PriceTier(upToAmount, amountOf(flatPrice), amountOf(unitPrice));
    }

    private static BigDecimal amountOf(Component component) {
        return component == null ? null : component.amount();
    }
}
