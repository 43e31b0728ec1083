package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.api.pricing.Discounts;
import dev.tollgate.catalog.api.pricing.PercentageDiscount;
import dev.tollgate.catalog.api.pricing.UsageDiscount;
import java.math.BigDecimal;

/** {@code {"percentage": {"percentage": 10}, "usage": {"quantity": "1000"}}} as a client sent it. */
public record RateCardDiscountsDraft(Percentage percentage, Usage usage) {

    public record Percentage(BigDecimal percentage) {
    }

    public record Usage(BigDecimal quantity) {
    }

    /** Null when neither discount is given. */
    public Discounts toDiscounts() {
        if (percentage == null && usage == null) {
            return null;
        }
        return new Discounts(percentage == null ? null : new PercentageDiscount(percentage.percentage()),
                usage == null ? null : new UsageDiscount(usage.quantity()));
    }
}
