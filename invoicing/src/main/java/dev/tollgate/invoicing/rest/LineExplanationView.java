package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import dev.tollgate.invoicing.service.LineExplainer;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.meters.api.MeterUsage;
import java.math.BigDecimal;
import java.util.List;

/**
 * Tollgate's explanation of a line: the line, the rate card, price, discounts and commitments it was priced with, the
 * charges that made its total, the usage query snapshotted on it ({@code usage.query}: re-running it reproduces
 * {@code usage.quantity}), and that usage per UTC day as the meter has it now ({@code usage.windows}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineExplanationView(InvoiceLineView line, JsonNode rateCard, JsonNode price, JsonNode discounts,
        JsonNode commitments, List<LineCharges.Charge> charges, List<LineCharges.Discount> amountDiscounts,
        BigDecimal freeUsage, Usage usage, LineExplainer.Adjusts adjusts) {

    /**
     * @param quantity what the query counted when snapshotted
     * @param billedBefore what earlier segments of the period billed; the line's quantity is the difference
     */
    public record Usage(UsageSnapshot query, BigDecimal quantity, BigDecimal billedBefore,
            List<MeterUsage.Window> windows) {
    }

    static LineExplanationView of(LineExplainer.Explanation e, LineJson json) {
        Usage usage = e.usage() == null ? null : new Usage(e.usage(), e.usage().quantity(), e.billedBefore(),
                e.days());
        return new LineExplanationView(InvoiceLineView.of(e.line(), e.invoiceNumber(), json), e.rateCard(),
                e.price(), e.discounts(), e.commitments(), e.charges().charges(), e.charges().discounts(),
                e.charges().freeUsage(), usage, e.adjusts());
    }
}
