package dev.tollgate.invoicing.rest;

import dev.tollgate.invoicing.api.InvoiceEventFeed;
import dev.tollgate.invoicing.service.InvoiceService;
import dev.tollgate.invoicing.store.InvoiceEventRepository;
import dev.tollgate.invoicing.store.LineJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.Map;

/** The invoice change feed, with each invoice rendered as the API shows it (the views live here). */
@ApplicationScoped
public class InvoiceChangeFeed implements InvoiceEventFeed {

    private final InvoiceEventRepository events;
    private final InvoiceService invoices;
    private final LineJson json;

    InvoiceChangeFeed(InvoiceEventRepository events, InvoiceService invoices, LineJson json) {
        this.events = events;
        this.invoices = invoices;
        this.json = json;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<InvoiceChange> claim(int limit, BiPredicate<String, String> told) {
        // One change per invoice and transaction: the payload is the invoice as it is now, so the steps between say
        // nothing more, and an invoice made and moved on in one transaction was created, not updated.
        Map<String, List<InvoiceEventRepository.Row>> byInvoiceAndTransaction = new LinkedHashMap<>();
        for (InvoiceEventRepository.Row row : events.claimUnnotified(limit)) {
            byInvoiceAndTransaction.computeIfAbsent(row.invoiceId() + '/' + row.txid(), k -> new ArrayList<>())
                    .add(row);
        }
        List<InvoiceChange> changes = new ArrayList<>();
        for (List<InvoiceEventRepository.Row> rows : byInvoiceAndTransaction.values()) {
            InvoiceEventRepository.Row first = rows.get(0);
            String type = rows.stream().anyMatch(r -> "invoice.created".equals(r.type())) ? "invoice.created"
                    : "invoice.updated";
            InvoiceView view = told.test(first.namespace(), type)
                    ? InvoiceView.of(invoices.get(first.namespace(), first.invoiceId(), true), json, true)
                    : null;
            changes.add(new InvoiceChange(rows.stream().map(InvoiceEventRepository.Row::id).toList(),
                    first.namespace(), first.invoiceId(), type, view == null ? null : view.number(), view));
        }
        return changes;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void handedOn(List<InvoiceChange> changes, Instant at) {
        events.markNotified(changes.stream().flatMap(c -> c.eventIds().stream()).toList(), at);
    }
}
