package dev.tollgate.catalog.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.catalog.api.RateCardPrices;
import dev.tollgate.catalog.api.pricing.Discounts;
import dev.tollgate.catalog.api.pricing.Price;
import dev.tollgate.catalog.api.pricing.PriceRules;
import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.catalog.api.pricing.RateCardPricing;
import dev.tollgate.catalog.domain.RateCardDiscountsDraft;
import dev.tollgate.catalog.domain.RateCardPriceDraft;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads OpenMeter price JSON with the same drafts and rules as a plan's rate cards. */
@ApplicationScoped
public class RateCardPriceService implements RateCardPrices {

    private final ObjectMapper json;

    RateCardPriceService(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public RateCardPricing read(String field, JsonNode price, JsonNode discounts, String currency) {
        String prefix = field == null || field.isEmpty() ? "" : field + ".";
        if (price == null || price.isNull() || !price.isObject()) {
            throw ApiException.invalid(prefix + "price", "required", "must be a price object, such as"
                    + " {\"type\": \"flat\", \"amount\": \"100\"}");
        }
        RateCardPriceDraft priceDraft = read(price, RateCardPriceDraft.class, prefix + "price");
        if (priceDraft.type() == null || !RateCardPriceDraft.TYPES.contains(priceDraft.type())) {
            throw ApiException.invalid(prefix + "price.type", "invalid", "must be one of "
                    + RateCardPriceDraft.TYPES);
        }
        Price parsed = priceDraft.toPrice();
        Discounts parsedDiscounts = discounts == null || discounts.isNull() ? null
                : read(discounts, RateCardDiscountsDraft.class, prefix + "discounts").toDiscounts();
        List<ValidationError> errors = PriceRules.forRateCard(prefix, parsed, parsedDiscounts);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        PricingCurrency pricingCurrency;
        try {
            pricingCurrency = PricingCurrency.of(currency);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("currency", "invalid", e.getMessage());
        }
        return new RateCardPricing(pricingCurrency, parsed, parsedDiscounts);
    }

    private <T> T read(JsonNode node, Class<T> type, String field) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Jackson's own message names Java types; the field and the expected shape are what a client needs.
            throw ApiException.invalid(field, "invalid", "is not a valid " + field.substring(field.lastIndexOf('.') + 1)
                    + ": amounts are decimal strings or numbers, and each field must have its documented type");
        }
    }
}
