package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/** {@code amount} per unit of usage. */
public record UnitPrice(BigDecimal amount, Commitments commitments) implements UsagePrice {

    public UnitPrice {
        if (commitments == null) {
            commitments = Commitments.NONE;
        }
    }

    public UnitPrice(BigDecimal amount) {
        this(amount, Commitments.NONE);
    }

    @Override
    public String type() {
        return "unit";
    }
}
