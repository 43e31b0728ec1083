package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/**
 * One charge. {@code key} is stable across re-pricing (such as {@code usage} or {@code tier-2-flat-price}) so that a
 * caller can match lines up. {@code amount}, at the currency's scale, is what counts; {@code quantity} times
 * {@code unitPrice} explains it, and on a progressive line may differ from it by one minor unit, because the lines of a
 * period are made to add up to the period priced at once (see {@link PricingEngine}).
 */
public record PricedLine(String key, LineKind kind, String description, BigDecimal quantity, BigDecimal unitPrice,
        BigDecimal amount) {
}
