package dev.tollgate.catalog.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A feature as a client sent it, before validation: every field may be missing or malformed.
 */
public record FeatureDraft(String key, String name, Map<String, String> metadata, String meterSlug,
        Map<String, String> meterGroupByFilters, UnitCost unitCost) {

    /** {@code {"amount": "0.000002", "currency": "USD"}}; the currency defaults to USD. */
    public record UnitCost(BigDecimal amount, String currency) {

        public String currencyOrDefault() {
            return currency == null ? PlanRules.DEFAULT_CURRENCY : currency;
        }
    }
}
