package dev.tollgate.invoicing.service;

import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Adjustment lines: what changed in a period after it was invoiced (a late event, a period cut by a change or
 * cancellation), billed on the customer's next invoice and labelled with the period it belongs to.
 */
final class Adjustments {

    private Adjustments() {
    }

    /** An empty adjustment of the period that {@code base} first billed; the caller fills in what it charges. */
    static InvoiceLineEntity of(InvoiceLineEntity base, String id, String invoiceId, String billedCustomer,
            Instant now) {
        InvoiceLineEntity a = new InvoiceLineEntity();
        a.id = id;
        a.namespace = base.namespace;
        a.invoiceId = invoiceId;
        a.customerId = billedCustomer;
        a.usageCustomerId = base.usageCustomerId;
        a.currency = base.currency;
        a.managedBy = ManagedBy.SYSTEM.wireName();
        a.kind = base.kind;
        a.name = "Adjustment: " + base.name;
        a.description = "Changes what was billed for " + base.billingPeriodFrom + " to " + base.billingPeriodTo
                + " after it was invoiced";
        a.metadata = "{}";
        a.periodFrom = base.billingPeriodFrom;
        a.periodTo = base.billingPeriodTo;
        a.invoiceAt = now;
        a.subscriptionId = base.subscriptionId;
        a.phaseKey = base.phaseKey;
        a.phaseId = base.phaseId;
        a.itemKey = base.itemKey;
        a.itemId = base.itemId;
        a.periodIndex = base.periodIndex;
        a.billingPeriodFrom = base.billingPeriodFrom;
        a.billingPeriodTo = base.billingPeriodTo;
        a.rateCard = base.rateCard;
        a.featureKey = base.featureKey;
        a.meterSlug = base.meterSlug;
        a.meterGroupByFilters = base.meterGroupByFilters;
        a.proration = base.proration;
        a.preLinePeriodQuantity = BigDecimal.ZERO;
        a.amount = BigDecimal.ZERO;
        a.chargesTotal = BigDecimal.ZERO;
        a.discountsTotal = BigDecimal.ZERO;
        a.total = BigDecimal.ZERO;
        a.adjustsLineId = base.id;
        a.createdAt = now;
        a.updatedAt = now;
        return a;
    }
}
