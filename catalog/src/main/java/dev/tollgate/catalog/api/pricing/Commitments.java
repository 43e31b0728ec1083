package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/**
 * Spend commitments over a whole billing period, either optional: at least {@code minimumAmount} is charged (topped
 * up on the period's last line) and at most {@code maximumAmount} (later charges are discounted away).
 */
public record Commitments(BigDecimal minimumAmount, BigDecimal maximumAmount) {

    public static final Commitments NONE = new Commitments(null, null);

    public static Commitments minimum(BigDecimal amount) {
        return new Commitments(amount, null);
    }

    public static Commitments maximum(BigDecimal amount) {
        return new Commitments(null, amount);
    }
}
