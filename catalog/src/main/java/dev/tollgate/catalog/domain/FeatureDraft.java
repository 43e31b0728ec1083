package dev.tollgate.catalog.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A feature as a client sent it, before validation: every field may be missing or malformed.
 */
public record FeatureDraft(String key, String name, Map<String, String> metadata, String meterSlug,
        Map<String, String> meterGroupByFilters, UnitCost unitCost) {

    /**
     * A unit cost as sent (see {@link FeatureUnitCost}): {@code {"type": "manual", "amount": "0.000002"}} (a missing
     * type means manual), {@code {"type": "llm", "providerProperty": "provider", "model": "gpt-4o",
     * "tokenTypeProperty": "type"}} or {@code {"type": "meter", "meter": "kong_cost"}}; any may add a currency.
     */
    public record UnitCost(String type, BigDecimal amount, String provider, String providerProperty, String model,
            String modelProperty, String tokenType, String tokenTypeProperty, String meter, String currency) {

        public String typeOrDefault() {
            return type == null ? FeatureUnitCost.MANUAL : type;
        }

        public String currencyOrDefault() {
            return currency == null ? PlanRules.DEFAULT_CURRENCY : currency;
        }

        public FeatureUnitCost toUnitCost() {
            String kind = typeOrDefault();
            return new FeatureUnitCost(kind, FeatureUnitCost.MANUAL.equals(kind) ? amount : null, provider,
                    providerProperty, model, modelProperty, tokenType, tokenTypeProperty, meter, currency);
        }
    }
}
