package dev.tollgate.catalog.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A feature as a client sent it, before validation: every field may be missing or malformed.
 */
public record FeatureDraft(String key, String name, Map<String, String> metadata, String meterSlug,
        Map<String, String> meterGroupByFilters, UnitCost unitCost) {

    /**
     * OpenMeter's manual unit cost, {@code {"type": "manual", "amount": "0.000002"}}, in USD; Tollgate also takes a
     * {@code currency}. A missing type means manual.
     */
    public record UnitCost(String type, BigDecimal amount, String currency) {

        public String currencyOrDefault() {
            return currency == null ? PlanRules.DEFAULT_CURRENCY : currency;
        }
    }
}
