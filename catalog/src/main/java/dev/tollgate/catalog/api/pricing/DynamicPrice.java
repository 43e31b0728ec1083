package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/**
 * Usage that is itself money (such as an upstream provider's cost) times {@code multiplier}, which defaults to 1 as in
 * OpenMeter.
 */
public record DynamicPrice(BigDecimal multiplier, Commitments commitments) implements UsagePrice {

    public static final BigDecimal DEFAULT_MULTIPLIER = BigDecimal.ONE;

    public DynamicPrice {
        if (multiplier == null) {
            multiplier = DEFAULT_MULTIPLIER;
        }
        if (commitments == null) {
            commitments = Commitments.NONE;
        }
    }

    public DynamicPrice(BigDecimal multiplier) {
        this(multiplier, Commitments.NONE);
    }

    @Override
    public String type() {
        return "dynamic";
    }
}
