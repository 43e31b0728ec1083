package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/** A rate card's discounts, either optional. */
public record Discounts(PercentageDiscount percentage, UsageDiscount usage) {

    public static final Discounts NONE = new Discounts(null, null);

    public static Discounts percentOff(BigDecimal percentage) {
        return NONE.withPercentOff(percentage);
    }

    public static Discounts freeUnits(BigDecimal quantity) {
        return NONE.withFreeUnits(quantity);
    }

    public Discounts withPercentOff(BigDecimal percentage) {
        return new Discounts(new PercentageDiscount(percentage), usage);
    }

    public Discounts withFreeUnits(BigDecimal quantity) {
        return new Discounts(percentage, new UsageDiscount(quantity));
    }
}
