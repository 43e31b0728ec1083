package dev.tollgate.invoicing.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * OpenMeter's invoice statuses as Tollgate reaches them: {@link #wireName()} is the extended status, such as
 * {@code draft.manual_approval_needed}, and {@link #category()} the status, such as {@code draft}.
 */
public enum InvoiceStatus {
    GATHERING("gathering"),
    DRAFT_WAITING_AUTO_APPROVAL("draft.waiting_auto_approval"),
    DRAFT_MANUAL_APPROVAL_NEEDED("draft.manual_approval_needed"),
    DRAFT_INVALID("draft.invalid"),
    /** Issued and numbered, being created in the invoicing app (Stripe); no payment is due before that ends. */
    ISSUING_SYNCING("issuing.syncing"),
    /** The invoicing app refused the invoice; {@code retry} syncs it again. */
    ISSUING_FAILED("issuing.failed"),
    ISSUED("issued"),
    PAYMENT_PENDING("payment_processing.pending"),
    PAYMENT_FAILED("payment_processing.failed"),
    PAYMENT_ACTION_REQUIRED("payment_processing.action_required"),
    OVERDUE("overdue"),
    PAID("paid"),
    UNCOLLECTIBLE("uncollectible"),
    VOIDED("voided"),
    DELETED("deleted");

    /** OpenMeter's {@code InvoiceStatus} values, the categories. */
    public static final java.util.List<String> CATEGORIES = java.util.List.of("gathering", "draft", "issuing",
            "issued", "payment_processing", "overdue", "paid", "uncollectible", "voided");

    private final String wireName;

    InvoiceStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public String category() {
        int dot = wireName.indexOf('.');
        return dot < 0 ? wireName : wireName.substring(0, dot);
    }

    public boolean isDraft() {
        return category().equals("draft");
    }

    /** Issued or later: its lines, totals and number never change again. */
    public boolean isImmutable() {
        return this != GATHERING && !isDraft() && this != DELETED;
    }

    /** Stuck until someone acts: a draft that failed validation, or a failed payment. */
    public boolean isFailed() {
        return this == DRAFT_INVALID || this == PAYMENT_FAILED || this == ISSUING_FAILED;
    }

    /** Waiting for payment, so due dates apply. */
    public boolean awaitsPayment() {
        return this == ISSUED || category().equals("payment_processing");
    }

    public static Optional<InvoiceStatus> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
