package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/** The first {@code quantity} units of a period's usage are free; only usage prices take it, as in OpenMeter. */
public record UsageDiscount(BigDecimal quantity) {
}
