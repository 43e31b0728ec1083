package dev.tollgate.catalog.api.pricing;

import java.util.Objects;

/** What the engine needs of a rate card: its price and discounts, in the plan's currency. */
public record RateCardPricing(PricingCurrency currency, Price price, Discounts discounts) {

    public RateCardPricing {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(price, "price");
        if (discounts == null) {
            discounts = Discounts.NONE;
        }
    }

    public RateCardPricing(PricingCurrency currency, Price price) {
        this(currency, price, Discounts.NONE);
    }
}
