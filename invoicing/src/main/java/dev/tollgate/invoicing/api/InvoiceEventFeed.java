package dev.tollgate.invoicing.api;

import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Invoice status changes, for the notifications: {@code invoice.created} when a standard invoice is made and
 * {@code invoice.updated} when its status changes. Gathering invoices make none.
 */
public interface InvoiceEventFeed {

    /**
     * The oldest changes not handed on yet, locked in the caller's transaction (others skip them): several changes
     * in one transaction are one, {@code invoice.created} if the invoice was made in it. Call {@link #handedOn} in
     * the same transaction. Only the changes {@code told} accepts (by namespace and type) carry their invoice; the
     * others have nobody to tell, and rendering each invoice of a billing run again took the run a third longer.
     */
    List<InvoiceChange> claim(int limit, BiPredicate<String, String> told);

    /** Marks the claimed changes (every id of {@link InvoiceChange#eventIds()}) handed on. */
    void handedOn(List<InvoiceChange> changes, Instant at);

    /**
     * @param number the invoice's number; null when it has none or was not told
     * @param invoice the invoice as {@code GET /api/v1/billing/invoices/{id}} shows it now, ready to be written as JSON;
     *     null when the change is not told
     */
    record InvoiceChange(List<String> eventIds, String namespace, String invoiceId, String type, String number,
            Object invoice) {
    }
}
