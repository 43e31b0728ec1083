package dev.tollgate.invoicing.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Invoices between parts of the same organisation, such as a chargeback's: issued at once under the namespace's
 * internal billing profile, which names no payment provider (Tollgate's own custom invoicing; nothing goes to Stripe).
 * They are standard invoices in every other way: numbered, listed, voided and marked paid through the billing API.
 */
public interface InternalInvoices {

    /**
     * One line: a fixed amount.
     *
     * @param amount in the currency, at most its minor units (it is billed as given, never rounded again)
     */
    record Line(String name, String description, BigDecimal amount) {
    }

    /**
     * @param key names the invoice for good: issuing again with the same key answers the first invoice, so a caller
     *     that crashed between invoices resumes without doubling any
     * @param customerId the live customer billed
     */
    record Request(String namespace, String key, String customerId, String currency, Instant periodFrom,
            Instant periodTo, String description, Map<String, String> metadata, List<Line> lines) {
    }

    /** Issues the invoice once per key and answers its id. */
    String issue(Request request);
}
