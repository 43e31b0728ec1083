package dev.tollgate.invoicing.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * OpenMeter's {@code CustomInvoicingPaymentTrigger}: what the payment side reports about an issued invoice when no
 * payment provider does (Stripe reports through its own app).
 */
public enum PaymentTrigger {
    PAID("paid"),
    PAYMENT_FAILED("payment_failed"),
    PAYMENT_UNCOLLECTIBLE("payment_uncollectible"),
    PAYMENT_OVERDUE("payment_overdue"),
    ACTION_REQUIRED("action_required"),
    VOID("void");

    private final String wireName;

    PaymentTrigger(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<PaymentTrigger> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
