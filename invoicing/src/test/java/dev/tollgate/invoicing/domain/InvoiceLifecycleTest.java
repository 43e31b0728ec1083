package dev.tollgate.invoicing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvoiceLifecycleTest {

    @Test
    void draftsIssueToPaymentOrStraightToPaidWhenNothingIsOwed() {
        assertThat(InvoiceLifecycle.after(InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL, InvoiceAction.ADVANCE, false))
                .contains(InvoiceStatus.PAYMENT_PENDING);
        assertThat(InvoiceLifecycle.after(InvoiceStatus.DRAFT_MANUAL_APPROVAL_NEEDED, InvoiceAction.APPROVE, true))
                .contains(InvoiceStatus.PAID);
        assertThat(InvoiceLifecycle.after(InvoiceStatus.DRAFT_MANUAL_APPROVAL_NEEDED, InvoiceAction.ADVANCE, false))
                .isEmpty();
        assertThat(InvoiceLifecycle.available(InvoiceStatus.DRAFT_INVALID, false))
                .containsOnlyKeys(InvoiceAction.RETRY, InvoiceAction.DELETE);
    }

    @Test
    void issuedInvoicesAreVoidableUntilPaid() {
        for (InvoiceStatus status : new InvoiceStatus[] {InvoiceStatus.PAYMENT_PENDING, InvoiceStatus.PAYMENT_FAILED,
                InvoiceStatus.OVERDUE, InvoiceStatus.UNCOLLECTIBLE}) {
            assertThat(InvoiceLifecycle.after(status, InvoiceAction.VOID, false)).as(status.wireName())
                    .contains(InvoiceStatus.VOIDED);
        }
        assertThat(InvoiceLifecycle.available(InvoiceStatus.PAID, false)).isEmpty();
        assertThat(InvoiceLifecycle.available(InvoiceStatus.VOIDED, false)).isEmpty();
    }

    @Test
    void paymentReportsMoveOnlyPayableInvoices() {
        assertThat(InvoiceLifecycle.afterPayment(InvoiceStatus.PAYMENT_PENDING, PaymentTrigger.PAID))
                .contains(InvoiceStatus.PAID);
        assertThat(InvoiceLifecycle.afterPayment(InvoiceStatus.OVERDUE, PaymentTrigger.VOID))
                .contains(InvoiceStatus.VOIDED);
        assertThat(InvoiceLifecycle.afterPayment(InvoiceStatus.OVERDUE, PaymentTrigger.PAYMENT_OVERDUE)).isEmpty();
        assertThat(InvoiceLifecycle.afterPayment(InvoiceStatus.PAID, PaymentTrigger.PAYMENT_FAILED)).isEmpty();
        assertThat(InvoiceLifecycle.afterPayment(InvoiceStatus.DRAFT_INVALID, PaymentTrigger.PAID)).isEmpty();
    }

    @Test
    void statusesKnowTheirCategoryAndWhetherTheyMayChange() {
        assertThat(InvoiceStatus.PAYMENT_PENDING.category()).isEqualTo("payment_processing");
        assertThat(InvoiceStatus.DRAFT_INVALID.isImmutable()).isFalse();
        assertThat(InvoiceStatus.PAID.isImmutable()).isTrue();
        assertThat(InvoiceStatus.ofWireName("draft.waiting_auto_approval"))
                .isEqualTo(Optional.of(InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL));
        assertThat(InvoiceStatus.CATEGORIES).contains("gathering", "draft", "issued", "overdue", "voided");
    }
}
