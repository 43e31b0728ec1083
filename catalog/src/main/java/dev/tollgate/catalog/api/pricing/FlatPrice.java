package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/**
 * A fixed fee per billing period, charged with the period's first line ({@code in_advance}, OpenMeter's default) or
 * its last ({@code in_arrears}). A subscription that cuts a period short prorates it with {@link PricingInput#proration()}.
 */
public record FlatPrice(BigDecimal amount, PaymentTerm paymentTerm) implements Price {

    public FlatPrice {
        if (paymentTerm == null) {
            paymentTerm = PaymentTerm.IN_ADVANCE;
        }
    }

    public static FlatPrice inAdvance(BigDecimal amount) {
        return new FlatPrice(amount, PaymentTerm.IN_ADVANCE);
    }

    public static FlatPrice inArrears(BigDecimal amount) {
        return new FlatPrice(amount, PaymentTerm.IN_ARREARS);
    }

    @Override
    public String type() {
        return "flat";
    }
}
