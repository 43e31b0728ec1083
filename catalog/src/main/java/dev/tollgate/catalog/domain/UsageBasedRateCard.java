package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.tollgate.catalog.api.pricing.Discounts;
import dev.tollgate.catalog.api.pricing.Price;
import java.util.Map;

/** A price on a metered feature's usage each {@code billingCadence}; free when {@code price} is null. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "key", "name", "description", "metadata", "featureKey", "entitlementTemplate", "taxConfig",
    "billingCadence", "price", "discounts"})
public record UsageBasedRateCard(String key, String name, String description, Map<String, String> metadata,
        String featureKey, EntitlementTemplate entitlementTemplate, JsonNode taxConfig, String billingCadence,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonSerialize(using = RateCardJson.PriceWriter.class) Price price,
        @JsonSerialize(using = RateCardJson.DiscountsWriter.class) Discounts discounts) implements RateCard {

    @Override
    @JsonProperty("type")
    public String type() {
        return USAGE_BASED;
    }
}
