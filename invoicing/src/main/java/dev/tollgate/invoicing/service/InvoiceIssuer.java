package dev.tollgate.invoicing.service;

import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.invoicing.domain.InvoiceNumbers;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Issues drafts: a number from the profile's sequence, the issue and due dates, and the hand-over to payment. Runs in
 * the caller's transaction, which also holds the invoices' locks and the sequence's row until it commits.
 */
@ApplicationScoped
public class InvoiceIssuer {

    private static final Logger LOG = Logger.getLogger(InvoiceIssuer.class);

    private final InvoiceRepository invoices;
    private final InvoiceDelivery delivery;
    private final LineJson json;

    InvoiceIssuer(InvoiceRepository invoices, InvoiceDelivery delivery, LineJson json) {
        this.invoices = invoices;
        this.delivery = delivery;
        this.json = json;
    }

    public void issue(InvoiceEntity invoice, Instant now) {
        issue(List.of(invoice), now);
    }

    /**
     * Issues the drafts in their order, taking their numbers with one statement per profile, in profile order: a
     * billing run issues a chunk of invoices per transaction and holds each sequence's row once per chunk, not once
     * per invoice.
     */
    public void issue(List<InvoiceEntity> drafts, Instant now) {
        Map<String, List<InvoiceEntity>> byProfile = new TreeMap<>();
        drafts.forEach(d -> byProfile.computeIfAbsent(d.profileId, p -> new ArrayList<>()).add(d));
        byProfile.forEach((profileId, ofProfile) -> {
            long last = invoices.takeNumbers(profileId, now, ofProfile.size());
            long next = last - ofProfile.size() + 1;
            for (InvoiceEntity invoice : ofProfile) {
                issue(invoice, next++, now);
            }
        });
    }

    private void issue(InvoiceEntity invoice, long sequence, Instant now) {
        BillingWorkflow workflow = json.read(invoice.workflow, BillingWorkflow.class).complete();
        invoice.number = InvoiceNumbers.issued(now, sequence);
        invoice.issuedAt = now;
        invoice.dueAt = workflow.dueAfter().after(now);
        invoice.draftUntil = null;
        invoice.moveTo(delivery.deliver(invoice, now), now);
        LOG.infof("issued invoice %s %s to customer %s: %s %s, due %s", invoice.id, invoice.number,
                invoice.customerId, invoice.total.toPlainString(), invoice.currency, invoice.dueAt);
    }
}
