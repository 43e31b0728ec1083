package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.catalog.api.pricing.Discounts;
import dev.tollgate.catalog.api.pricing.Price;
import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.catalog.api.pricing.RateCardPricing;
import java.util.Map;
import java.util.Optional;

/**
 * What a phase charges for and grants: OpenMeter's rate card, either a {@link FlatFeeRateCard flat fee} or a
 * {@link UsageBasedRateCard usage-based} price on a feature. The records serialize to OpenMeter's JSON, which is also
 * how they are stored, so a published version reads back exactly as it was published.
 */
public sealed interface RateCard permits FlatFeeRateCard, UsageBasedRateCard {

    String FLAT_FEE = "flat_fee";
    String USAGE_BASED = "usage_based";

    String type();

    String key();

    String name();

    String description();

    Map<String, String> metadata();

    /** Equal to {@link #key()} when set, as OpenMeter requires. */
    String featureKey();

    EntitlementTemplate entitlementTemplate();

    /** Passed through as sent: tax is the invoicing module's business. */
    JsonNode taxConfig();

    /** ISO 8601; null only for a one-off flat fee. */
    String billingCadence();

    /** Null when the rate card is free. */
    Price price();

    /** Null when there are none. */
    Discounts discounts();

    /** What the pricing engine needs, in the plan's currency; empty when the rate card is free. */
    default Optional<RateCardPricing> pricing(PricingCurrency currency) {
        return price() == null ? Optional.empty() : Optional.of(new RateCardPricing(currency, price(), discounts()));
    }
}
