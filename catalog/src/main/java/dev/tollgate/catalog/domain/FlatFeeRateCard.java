package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.tollgate.catalog.api.pricing.Discounts;
import dev.tollgate.catalog.api.pricing.FlatPrice;
import java.util.Map;

/**
 * A one-off (no {@code billingCadence}) or recurring fee, paid in advance or in arrears; it may still grant a feature
 * through an entitlement template.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "key", "name", "description", "metadata", "featureKey", "entitlementTemplate", "taxConfig",
    "billingCadence", "price", "discounts"})
public record FlatFeeRateCard(String key, String name, String description, Map<String, String> metadata,
        String featureKey, EntitlementTemplate entitlementTemplate, JsonNode taxConfig,
        @JsonInclude(JsonInclude.Include.ALWAYS) String billingCadence,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonSerialize(using = RateCardJson.PriceWriter.class) FlatPrice price,
        @JsonSerialize(using = RateCardJson.DiscountsWriter.class) Discounts discounts) implements RateCard {

    @Override
    @JsonProperty("type")
    public String type() {
        return FLAT_FEE;
    }
}
