package dev.tollgate.invoicing.domain;

import static dev.tollgate.invoicing.domain.InvoiceStatus.DELETED;
import static dev.tollgate.invoicing.domain.InvoiceStatus.DRAFT_INVALID;
import static dev.tollgate.invoicing.domain.InvoiceStatus.DRAFT_MANUAL_APPROVAL_NEEDED;
import static dev.tollgate.invoicing.domain.InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL;
import static dev.tollgate.invoicing.domain.InvoiceStatus.OVERDUE;
import static dev.tollgate.invoicing.domain.InvoiceStatus.PAID;
import static dev.tollgate.invoicing.domain.InvoiceStatus.PAYMENT_ACTION_REQUIRED;
import static dev.tollgate.invoicing.domain.InvoiceStatus.PAYMENT_FAILED;
import static dev.tollgate.invoicing.domain.InvoiceStatus.PAYMENT_PENDING;
import static dev.tollgate.invoicing.domain.InvoiceStatus.UNCOLLECTIBLE;
import static dev.tollgate.invoicing.domain.InvoiceStatus.VOIDED;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invoice state machine, after OpenMeter's (openmeter/billing/service/stdinvoicestate.go) with the states a
 * Tollgate invoice passes through. A draft is issued by {@code advance} (automatic approval) or {@code approve};
 * issuing numbers it, dates it and hands it to payment ({@code payment_processing.pending}, or straight to
 * {@code paid} when nothing is owed). Payment reports move it on; an issued invoice can be voided until it is paid.
 */
public final class InvoiceLifecycle {

    private static final Set<InvoiceStatus> VOIDABLE = EnumSet.of(InvoiceStatus.ISSUED, PAYMENT_PENDING,
            PAYMENT_FAILED, PAYMENT_ACTION_REQUIRED, OVERDUE, UNCOLLECTIBLE, InvoiceStatus.ISSUING_FAILED);
    private static final Set<InvoiceStatus> PAYABLE = EnumSet.of(InvoiceStatus.ISSUED, PAYMENT_PENDING,
            PAYMENT_FAILED, PAYMENT_ACTION_REQUIRED, OVERDUE, UNCOLLECTIBLE);

    private InvoiceLifecycle() {
    }

    /** The actions an invoice in this status allows, each with the status it leads to. */
    public static Map<InvoiceAction, InvoiceStatus> available(InvoiceStatus status, boolean nothingOwed) {
        Map<InvoiceAction, InvoiceStatus> actions = new LinkedHashMap<>();
        InvoiceStatus issued = nothingOwed ? PAID : PAYMENT_PENDING;
        switch (status) {
            case GATHERING -> actions.put(InvoiceAction.INVOICE, DRAFT_WAITING_AUTO_APPROVAL);
            case DRAFT_WAITING_AUTO_APPROVAL -> {
                actions.put(InvoiceAction.ADVANCE, issued);
                actions.put(InvoiceAction.APPROVE, issued);
                actions.put(InvoiceAction.SNAPSHOT_QUANTITIES, status);
                actions.put(InvoiceAction.DELETE, DELETED);
            }
            case DRAFT_MANUAL_APPROVAL_NEEDED -> {
                actions.put(InvoiceAction.APPROVE, issued);
                actions.put(InvoiceAction.SNAPSHOT_QUANTITIES, status);
                actions.put(InvoiceAction.DELETE, DELETED);
            }
            case DRAFT_INVALID -> {
                actions.put(InvoiceAction.RETRY, DRAFT_WAITING_AUTO_APPROVAL);
                actions.put(InvoiceAction.DELETE, DELETED);
            }
            case ISSUING_FAILED -> {
                actions.put(InvoiceAction.RETRY, InvoiceStatus.ISSUING_SYNCING);
                actions.put(InvoiceAction.VOID, VOIDED);
            }
            default -> {
                if (VOIDABLE.contains(status)) {
                    actions.put(InvoiceAction.VOID, VOIDED);
                }
            }
        }
        return actions;
    }

    /** The status an action leads to, or empty when the invoice's status does not allow it. */
    public static Optional<InvoiceStatus> after(InvoiceStatus status, InvoiceAction action, boolean nothingOwed) {
        return Optional.ofNullable(available(status, nothingOwed).get(action));
    }

    /** The status a payment report leads to, or empty when it does not apply to the invoice's status. */
    public static Optional<InvoiceStatus> afterPayment(InvoiceStatus status, PaymentTrigger trigger) {
        if (!PAYABLE.contains(status)) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (trigger) {
            case PAID -> PAID;
            case PAYMENT_FAILED -> status == UNCOLLECTIBLE ? null : PAYMENT_FAILED;
            case PAYMENT_UNCOLLECTIBLE -> status == UNCOLLECTIBLE ? null : UNCOLLECTIBLE;
            case PAYMENT_OVERDUE -> status == OVERDUE || status == UNCOLLECTIBLE ? null : OVERDUE;
            case ACTION_REQUIRED -> status == UNCOLLECTIBLE ? null : PAYMENT_ACTION_REQUIRED;
            case VOID -> VOIDABLE.contains(status) ? VOIDED : null;
        });
    }

    /** The draft status a new or re-validated draft takes under the workflow. */
    public static InvoiceStatus draftStatus(boolean autoAdvance) {
        return autoAdvance ? DRAFT_WAITING_AUTO_APPROVAL : DRAFT_MANUAL_APPROVAL_NEEDED;
    }
}
