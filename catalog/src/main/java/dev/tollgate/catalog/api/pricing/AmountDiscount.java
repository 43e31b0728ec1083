package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/** Money taken off a line's charges, at the currency's scale and never negative. */
public record AmountDiscount(DiscountKind kind, String description, BigDecimal amount) {
}
