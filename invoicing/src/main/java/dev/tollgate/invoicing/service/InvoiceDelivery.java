package dev.tollgate.invoicing.service;

import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.store.InvoiceEntity;
import java.time.Instant;

/**
 * How an issued invoice reaches the customer: by Tollgate itself (the custom invoicing app, payments reported over
 * the API), or through the invoicing app its billing profile names (Stripe). Implemented by the Stripe adapter.
 */
public interface InvoiceDelivery {

    /**
     * Called in the transaction that numbers the invoice: answers the status it takes, and starts its delivery in
     * the same transaction, so that an issued invoice is never left without one.
     */
    InvoiceStatus deliver(InvoiceEntity invoice, Instant now);

    /** {@code retry} of an invoice whose delivery failed ({@code issuing.failed}). */
    void retry(InvoiceEntity invoice, Instant now);

    /**
     * Before Tollgate voids an issued invoice: the invoicing app voids its copy first, so that the customer is not
     * asked to pay what Tollgate no longer bills (and bills again, when the lines go back to pending).
     */
    void voiding(InvoiceEntity invoice, Instant now);
}
