package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/** A discount of {@code percentage} percent (0 to 100) off every charge. */
public record PercentageDiscount(BigDecimal percentage) {
}
