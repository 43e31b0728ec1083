package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * One thing a price charges for, as a function of how far the period has been billed: the quantity billed to date,
 * each unit at {@code unitPrice}. The engine prices a line as the difference between two such points.
 */
record Charge(String key, LineKind kind, String description, BigDecimal unitPrice,
        Function<PeriodProgress, BigDecimal> billedQuantity) {

    BigDecimal quantity(PeriodProgress progress) {
        return billedQuantity.apply(progress);
    }

    /** Exact, not rounded. */
    BigDecimal amount(PeriodProgress progress) {
        return quantity(progress).multiply(unitPrice);
    }
}
