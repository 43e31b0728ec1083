package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.catalog.api.pricing.DiscountKind;
import dev.tollgate.catalog.api.pricing.LineKind;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.LineIds;
import dev.tollgate.invoicing.service.InvoiceDocument;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.LineJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenMeter's {@code InvoiceLine} ({@code type: usage_based}, a flat fee being a line with a flat price), with its
 * detailed lines as {@code children}. Tollgate adds {@code customerId} (whose usage or subscription the line bills:
 * a subsidiary's on its parent's invoice) and {@code adjustment} (the period an adjustment line changes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceLineView(String id, String type, String name, String description, Map<String, String> metadata,
        String managedBy, String status, String currency, String customerId, InvoiceView.Totals totals,
        InvoiceView.Period period, Instant invoiceAt, InvoiceRef invoice, Subscription subscription,
        String featureKey, JsonNode price, JsonNode rateCard, String quantity, String meteredQuantity,
        String preLinePeriodQuantity, String meteredPreLinePeriodQuantity, Discounts discounts,
        List<DetailedLine> children, Adjustment adjustment, Instant createdAt, Instant updatedAt,
        Instant deletedAt) {

    public record InvoiceRef(String id, String number) {
    }

    public record IdRef(String id) {
    }

    public record Subscription(IdRef subscription, IdRef phase, IdRef item, InvoiceView.Period billingPeriod) {
    }

    /** OpenMeter's {@code InvoiceLineDiscounts}. */
    public record Discounts(List<AmountDiscount> amount, List<UsageDiscount> usage) {
    }

    public record AmountDiscount(String id, String reason, String description, String amount,
            Instant createdAt, Instant updatedAt) {
    }

    public record UsageDiscount(String id, String reason, String description, String quantity,
            Instant createdAt, Instant updatedAt) {
    }

    /** OpenMeter's {@code InvoiceDetailedLine}: one charge of the line, a flat fee of quantity × unit price. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DetailedLine(String id, String type, String name, String description, String managedBy,
            String status, String currency, InvoiceView.Totals totals, InvoiceView.Period period, Instant invoiceAt,
            String perUnitAmount, String quantity, String paymentTerm, String category, Instant createdAt,
            Instant updatedAt) {
    }

    /** Which billing period an adjustment line changes, and the line that first billed it. */
    public record Adjustment(String adjustsLineId, InvoiceView.Period billingPeriod) {
    }

    static List<InvoiceLineView> of(InvoiceDocument document, LineJson json) {
        return document.lines().stream().map(l -> of(l, document.invoice().number, json)).toList();
    }

    static InvoiceLineView of(InvoiceLineEntity l, String invoiceNumber, LineJson json) {
        JsonNode rateCard = json.rateCard(l);
        LineCharges charges = json.charges(l);
        boolean priced = l.charges != null;
        InvoiceView.Period period = new InvoiceView.Period(l.periodFrom, l.periodTo);
        List<DetailedLine> children = new ArrayList<>();
        for (LineCharges.Charge c : charges.charges()) {
            boolean commitment = c.kind() == LineKind.MINIMUM_SPEND;
            BigDecimal amount = c.amount();
            children.add(new DetailedLine(LineIds.charge(l.id, c.key(), l.periodFrom), "flat_fee", c.description(),
                    null, l.managedBy, "detailed", l.currency,
                    InvoiceView.Totals.of(commitment ? BigDecimal.ZERO : amount, commitment ? amount : BigDecimal.ZERO,
                            BigDecimal.ZERO, amount),
                    period, l.invoiceAt, InvoiceView.numeric(c.unitPrice()), InvoiceView.numeric(c.quantity()),
                    c.kind() == LineKind.FLAT_FEE && "in_advance".equals(rateCard.path("price").path("paymentTerm")
                            .asText("in_advance")) ? "in_advance" : "in_arrears",
                    commitment ? "commitment" : "regular", l.createdAt, l.updatedAt));
        }
        List<AmountDiscount> amountDiscounts = charges.discounts().stream()
                .map(d -> new AmountDiscount(LineIds.charge(l.id, "discount:" + d.kind().name(), l.periodFrom),
                        d.kind() == DiscountKind.MAXIMUM_SPEND ? "maximum_spend" : "ratecard_percentage",
                        d.description(), InvoiceView.numeric(d.amount()), l.createdAt,
                        l.updatedAt)).toList();
        List<UsageDiscount> usageDiscounts = charges.freeUsage().signum() == 0 ? List.of()
                : List.of(new UsageDiscount(LineIds.charge(l.id, "discount:usage", l.periodFrom), "ratecard_usage",
                        "usage discount of the rate card", InvoiceView.numeric(charges.freeUsage()), l.createdAt,
                        l.updatedAt));
        Subscription subscription = l.subscriptionId == null ? null : new Subscription(new IdRef(l.subscriptionId),
                new IdRef(l.phaseId), new IdRef(l.itemId),
                new InvoiceView.Period(l.billingPeriodFrom, l.billingPeriodTo));
        BigDecimal metered = l.quantity;
        BigDecimal quantity = l.quantity == null ? null : l.quantity.subtract(charges.freeUsage()).max(BigDecimal.ZERO);
        if ("flat_fee".equals(l.kind)) {
            quantity = BigDecimal.ONE;
            metered = BigDecimal.ONE;
        }
        Adjustment adjustment = l.adjustsLineId == null ? null : new Adjustment(l.adjustsLineId,
                new InvoiceView.Period(l.billingPeriodFrom, l.billingPeriodTo));
        return new InvoiceLineView(l.id, "usage_based", l.name, l.description, json.metadata(l.metadata),
                l.managedBy, "valid", l.currency, l.usageCustomerId,
                priced ? InvoiceView.Totals.of(l.amount, l.chargesTotal, l.discountsTotal, l.total)
                        : InvoiceView.Totals.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO),
                period, l.invoiceAt, new InvoiceRef(l.invoiceId, invoiceNumber), subscription, l.featureKey,
                rateCard.get("price"), rateCard, InvoiceView.numeric(quantity), InvoiceView.numeric(metered),
                InvoiceView.numeric(l.preLinePeriodQuantity), InvoiceView.numeric(l.preLinePeriodQuantity),
                new Discounts(amountDiscounts, usageDiscounts), children, adjustment,
                l.createdAt, l.updatedAt, l.deletedAt);
    }
}
