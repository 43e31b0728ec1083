package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.catalog.api.pricing.Discounts;
import dev.tollgate.catalog.api.pricing.FlatPrice;
import dev.tollgate.catalog.api.pricing.Price;
import java.util.Map;

/** A rate card as a client sent it, either kind's fields in one shape, keyed by {@code type}. */
public record RateCardDraft(String type, String key, String name, String description, Map<String, String> metadata,
        String featureKey, EntitlementTemplateDraft entitlementTemplate, JsonNode taxConfig, String billingCadence,
        RateCardPriceDraft price, RateCardDiscountsDraft discounts) {

    public boolean isUsageBased() {
        return RateCard.USAGE_BASED.equals(type);
    }

    /** The rate card described; only for a draft that {@link RateCardRules} found valid. */
    public RateCard toRateCard() {
        Price priced = price == null ? null : price.toPrice();
        Discounts discounted = discounts == null ? null : discounts.toDiscounts();
        EntitlementTemplate template = entitlementTemplate == null ? null
                : entitlementTemplate.toTemplate(billingCadence);
        JsonNode tax = taxConfig == null || taxConfig.isNull() ? null : taxConfig;
        if (isUsageBased()) {
            return new UsageBasedRateCard(key, name, description, metadata, featureKey, template, tax, billingCadence,
                    priced, discounted);
        }
        return new FlatFeeRateCard(key, name, description, metadata, featureKey, template, tax, billingCadence,
                (FlatPrice) priced, discounted);
    }
}
