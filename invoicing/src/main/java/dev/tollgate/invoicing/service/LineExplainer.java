package dev.tollgate.invoicing.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.meters.api.MeterUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Why a line charges what it does: the rate card and price it was priced with, the charges and discounts the pricing
 * engine made (commitments among them), the usage query snapshotted on the line, and that usage day by day as the
 * meter has it now. An adjustment says which period and which earlier line it changes.
 */
@ApplicationScoped
public class LineExplainer {

    /** What an adjustment changes: the period, and the line and invoice that first billed it. */
    public record Adjusts(String lineId, String invoiceId, String invoiceNumber, Instant periodFrom,
            Instant periodTo) {
    }

    /**
     * @param usage null for a flat fee
     * @param days the usage per UTC day of the snapshotted query, read now; empty for a flat fee
     * @param billedBefore what earlier segments of a progressively billed period counted
     */
    public record Explanation(InvoiceLineEntity line, String invoiceNumber, JsonNode rateCard, JsonNode price,
            JsonNode discounts, JsonNode commitments, LineCharges charges, UsageSnapshot usage,
            List<MeterUsage.Window> days, BigDecimal billedBefore, Adjusts adjusts) {
    }

    private final InvoiceService invoices;
    private final InvoiceRepository invoiceRepository;
    private final LineUsageDays usageDays;
    private final LineJson json;

    LineExplainer(InvoiceService invoices, InvoiceRepository invoiceRepository, LineUsageDays usageDays,
            LineJson json) {
        this.invoices = invoices;
        this.invoiceRepository = invoiceRepository;
        this.usageDays = usageDays;
        this.json = json;
    }

    @Transactional
    public Explanation explain(String namespace, String invoiceId, String lineId) {
        InvoiceLineEntity line = invoices.line(namespace, invoiceId, lineId);
        InvoiceEntity invoice = invoiceRepository.findById(line.invoiceId);
        JsonNode rateCard = json.rateCard(line);
        JsonNode price = rateCard.get("price");
        com.fasterxml.jackson.databind.node.ObjectNode commitments = json.tree("{}").deepCopy();
        if (price != null && price.has("minimumAmount")) {
            commitments.set("minimumAmount", price.get("minimumAmount"));
        }
        if (price != null && price.has("maximumAmount")) {
            commitments.set("maximumAmount", price.get("maximumAmount"));
        }
        UsageSnapshot snapshot = json.snapshot(line);
        List<MeterUsage.Window> days = snapshot == null ? List.of() : usageDays.days(namespace, snapshot);
        Adjusts adjusts = null;
        if (line.adjustsLineId != null) {
            InvoiceLineEntity base = invoices.lineById(line.adjustsLineId);
            InvoiceEntity baseInvoice = base == null ? null : invoiceRepository.findById(base.invoiceId);
            adjusts = new Adjusts(line.adjustsLineId, baseInvoice == null ? null : baseInvoice.id,
                    baseInvoice == null ? null : baseInvoice.number, line.billingPeriodFrom, line.billingPeriodTo);
        }
        return new Explanation(line, invoice.number, rateCard, price, rateCard.get("discounts"), commitments,
                json.charges(line), snapshot, days, line.preLinePeriodQuantity, adjusts);
    }
}
