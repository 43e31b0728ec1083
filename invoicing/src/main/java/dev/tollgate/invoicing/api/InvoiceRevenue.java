package dev.tollgate.invoicing.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What finance reads of invoices: the lines of invoices that stand, for revenue and margin, and each customer's
 * projected invoice, from its gathering invoice. Amounts are exact, as stored on the lines; nothing is rounded here.
 */
public interface InvoiceRevenue {

    /**
     * One line of an invoice that stands: issued (or being delivered, or later), and not voided.
     *
     * @param customerId the customer billed
     * @param usageCustomerId the customer whose subscription or usage the line charges for
     * @param status the invoice's extended status, such as {@code issued} or {@code paid}
     * @param paidAt when the invoice was paid; null unless it is
     * @param kind {@code flat_fee} or {@code usage}
     * @param subscriptionId null for a one-off line
     * @param featureKey null for a flat fee without a feature
     * @param meterGroupByFilters the feature's filters on its meter's group values, such as {@code model=gpt-4o}
     * @param total what the line charges, discounts included
     */
    record StandingLine(String invoiceId, String lineId, String customerId, String usageCustomerId, String currency,
            String status, Instant issuedAt, Instant paidAt, String kind, String subscriptionId, String featureKey,
            Map<String, String> meterGroupByFilters, Instant periodFrom, Instant periodTo, BigDecimal total) {
    }

    /**
     * The lines of the namespace's standing invoices that were issued, were paid or whose service period starts
     * within [from, to).
     */
    List<StandingLine> standingLines(String namespace, Instant from, Instant to);

    /** Which instant of a standing invoice counts its lines as revenue. */
    enum Basis {
        /** When it was issued: every standing invoice. */
        ISSUED,
        /** When it was paid: only invoices whose status is {@code paid}. */
        PAID
    }

    /**
     * Standing lines' totals added up within one period, per currency, per label of the line's subscription and per
     * feature.
     *
     * @param period the index of the period in the bounds asked for: [bounds[period], bounds[period + 1])
     * @param label the label given for the line's subscription; null for a line of no subscription, or of one that
     *     was given no label
     * @param featureKey null for lines without a feature
     */
    record PeriodSum(int period, String currency, String label, String featureKey, BigDecimal total) {
    }

    /**
     * The standing lines of the namespace whose invoice was issued (or paid) within the periods, added up in the
     * database: a report of months over thousands of customers reads a few rows per period instead of every line.
     *
     * @param bounds strictly increasing; period i is [bounds[i], bounds[i + 1]), so n + 1 bounds make n periods
     * @param currency only lines in this currency; null for all
     * @param labels a label per subscription id (finance gives each its plan key): the sums keep labels apart
     */
    List<PeriodSum> periodSums(String namespace, Basis basis, List<Instant> bounds, String currency,
            Map<String, String> labels);

    /**
     * Standing lines whose service period starts in a range, added up per usage customer, currency, subscription,
     * feature and feature filters: what margin reads.
     *
     * @param usageCustomerId the customer whose subscription or usage the lines charge for
     * @param subscriptionId null for one-off lines
     * @param featureKey null for flat fees without a feature
     * @param meterGroupByFilters the feature's filters on its meter's group values, such as {@code model=gpt-4o}
     */
    record ServiceSum(String usageCustomerId, String currency, String subscriptionId, String featureKey,
            Map<String, String> meterGroupByFilters, BigDecimal total) {
    }

    /** The standing lines of the namespace whose service period starts within [from, to), added up. */
    List<ServiceSum> serviceSums(String namespace, Instant from, Instant to);

    /**
     * What a customer's gathering invoice would come to if its periods ended now: every pending line, usage measured
     * to {@code now}, each priced as its whole period (minimums included), adjustments as they stand.
     *
     * @param periodFrom the earliest start of its lines; null when it has none
     */
    record ProjectedInvoice(String customerId, String currency, String gatheringInvoiceId, Instant periodFrom,
            Instant periodTo, int lines, BigDecimal total) {
    }

    /**
     * Every gathering invoice of the namespace with at least one line, projected as of {@code now}.
     *
     * @param currency only gathering invoices in this currency; null for all
     */
    List<ProjectedInvoice> projected(String namespace, String currency, Instant now);
}
