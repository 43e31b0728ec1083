package dev.tollgate.invoicing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * OpenMeter's {@code InvoicePendingLineCreate} (and {@code InvoiceSimulationLine}, which adds {@code quantity} and
 * {@code preLinePeriodQuantity}): a one-off charge, priced by {@code price} or {@code rateCard.price}. A flat price
 * makes a flat fee; any other price needs a metered {@code featureKey}, whose usage over the period is billed.
 */
public record PendingLineDraft(String id, String name, String description, Map<String, String> metadata,
        Period period, Instant invoiceAt, JsonNode price, String featureKey, RateCard rateCard, BigDecimal quantity,
        BigDecimal preLinePeriodQuantity) {

    public record Period(Instant from, Instant to) {
    }

    public record RateCard(String featureKey, JsonNode price, JsonNode discounts) {
    }

    /** The price, wherever the client put it. */
    public JsonNode effectivePrice() {
        return price != null ? price : rateCard == null ? null : rateCard.price();
    }

    public String effectiveFeatureKey() {
        return featureKey != null ? featureKey : rateCard == null ? null : rateCard.featureKey();
    }

    public JsonNode discounts() {
        return rateCard == null ? null : rateCard.discounts();
    }
}
