package dev.tollgate.invoicing.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.catalog.api.RateCardPrices;
import dev.tollgate.catalog.api.pricing.PricingEngine;
import dev.tollgate.catalog.api.pricing.PricingInput;
import dev.tollgate.catalog.api.pricing.RateCardPricing;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.LineJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;
import java.time.Instant;
import java.util.Objects;

/**
 * Prices lines with the catalog's pricing engine, from the rate card each line keeps. A line of a progressively
 * billed period is priced as the difference between the period billed through its end and through its start, so the
 * lines of a period add up to the period billed at once (docs/pricing.md).
 */
@ApplicationScoped
public class LinePricer {

    private final RateCardPrices prices;
    private final LineJson json;
    private final UsageQuantities usage;

    LinePricer(RateCardPrices prices, LineJson json, UsageQuantities usage) {
        this.prices = prices;
        this.json = json;
        this.usage = usage;
    }

    /**
     * Reads a usage line's quantity and keeps the query that produced it on the line: usage to date less what earlier
     * segments of the period billed, which is exact for MAX and UNIQUE_COUNT too, as they do not add up over segments.
     *
     * @return the snapshot: usage from the start of the billing period to the line's end
     */
    public UsageSnapshot quantify(InvoiceLineEntity line, UsageQuantities.Answers answers, Instant now) {
        UsageSnapshot snapshot = usage.snapshot(UsageQuantities.Question.of(line, json), answers, now);
        BigDecimal before = Objects.requireNonNullElse(line.preLinePeriodQuantity, BigDecimal.ZERO);
        line.quantity = snapshot.quantity().subtract(before);
        line.usageSnapshot = json.write(snapshot);
        return snapshot;
    }

    /** Puts the sum of the lines' totals on the invoice. */
    public static void total(InvoiceEntity invoice, List<InvoiceLineEntity> lines) {
        LineCharges.Totals totals = LineCharges.Totals.ZERO;
        for (InvoiceLineEntity line : lines) {
            totals = totals.plus(new LineCharges.Totals(line.amount, line.chargesTotal, line.discountsTotal,
                    line.total));
        }
        invoice.amount = totals.amount();
        invoice.chargesTotal = totals.chargesTotal();
        invoice.discountsTotal = totals.discountsTotal();
        invoice.total = totals.total();
    }

    public RateCardPricing pricingOf(InvoiceLineEntity line) {
        JsonNode rateCard = json.rateCard(line);
        return prices.read("rateCard", rateCard.get("price"), rateCard.get("discounts"), line.currency);
    }

    /** Prices a subscription or one-off line from its quantity and its place in the billing period. */
    public void price(InvoiceLineEntity line) {
        RateCardPricing pricing = pricingOf(line);
        if (LineKind.FLAT_FEE.stored().equals(line.kind)) {
            setCharges(line, flatFee(pricing, line.proration));
            return;
        }
        // A line that starts its billing period takes the in-advance part; one that ends it, the in-arrears part.
        boolean first = !line.periodFrom.isAfter(line.billingPeriodFrom);
        boolean last = !line.periodTo.isBefore(line.billingPeriodTo);
        BigDecimal before = first ? BigDecimal.ZERO
                : Objects.requireNonNullElse(line.preLinePeriodQuantity, BigDecimal.ZERO);
        PricingInput input = new PricingInput(before, line.quantity, first, last, BigDecimal.ONE);
        setCharges(line, LineCharges.of(PricingEngine.price(pricing, input)));
    }

    public LineCharges flatFee(RateCardPricing pricing, BigDecimal proration) {
        return LineCharges.of(PricingEngine.price(pricing, PricingInput.wholePeriod(BigDecimal.ZERO)
                .withProration(proration)));
    }

    /** A usage period priced at once: what it owes in all for its whole usage. */
    public LineCharges wholePeriod(RateCardPricing pricing, BigDecimal quantity) {
        return LineCharges.of(PricingEngine.priceWholePeriod(pricing, quantity));
    }

    public void setCharges(InvoiceLineEntity line, LineCharges charges) {
        line.charges = json.write(charges);
        LineCharges.Totals totals = charges.totals();
        line.amount = totals.amount();
        line.chargesTotal = totals.chargesTotal();
        line.discountsTotal = totals.discountsTotal();
        line.total = totals.total();
    }
}
