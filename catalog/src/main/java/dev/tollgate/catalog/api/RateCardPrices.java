package dev.tollgate.catalog.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.catalog.api.pricing.RateCardPricing;

/**
 * Reads prices in OpenMeter's JSON, as rate cards, invoice lines and one-off charges carry them, with the catalog's
 * rules: invoicing prices lines from the rate card JSON it keeps on each line, without the catalog's internals.
 */
public interface RateCardPrices {

    /**
     * The pricing of a price and its discounts.
     *
     * @param field where the price sits in the request, for error messages, such as {@code lines[0]}
     * @param discounts null when there are none
     * @throws dev.tollgate.shared.problem.ApiException a 400 naming each invalid field
     */
    RateCardPricing read(String field, JsonNode price, JsonNode discounts, String currency);
}
