package dev.tollgate.catalog.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.catalog.api.pricing.RateCardPricing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * What one priced rate card of a subscription charges for one of its billing periods: the unit invoicing makes a line
 * of. Periods are the catalog's: period k of a rate card starts at {@code billingAnchor + k × cadence}, cut where the
 * subscription starts or ends and where a phase starts.
 *
 * @param phaseId the subscription phase's derived id, as the subscription's answer shows it
 * @param itemId the subscription item's derived id
 * @param periodIndex counts the rate card's periods from 0 and never changes for a given subscription
 * @param proration the share of the full period a recurring flat fee is charged (1 unless cut and the plan prorates)
 * @param invoiceAt when the charge falls due: the period's start for a flat fee paid in advance, its end otherwise
 * @param meterSlug for usage: the feature's meter; null for a flat fee
 * @param meterGroupByFilters for usage: the feature's filters on the meter's group values
 * @param rateCard the rate card as OpenMeter's JSON, for the line's {@code rateCard} and {@code price}
 */
public record BillableItem(String subscriptionId, String customerId, String currency, String phaseKey,
        String phaseId, String itemKey, String itemId, String name, int periodIndex, Instant from, Instant to,
        Instant fullFrom, Instant fullTo, BigDecimal proration, Instant invoiceAt, Kind kind, String featureKey,
        String meterSlug, Map<String, String> meterGroupByFilters, RateCardPricing pricing, JsonNode rateCard) {

    /** A flat fee is a fixed amount; usage is priced by what the feature's meter counted in the period. */
    public enum Kind {
        FLAT_FEE, USAGE
    }
}
