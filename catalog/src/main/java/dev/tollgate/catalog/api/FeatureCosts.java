package dev.tollgate.catalog.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** What finance asks the catalog about features: which meter measures each, and what a unit costs the provider. */
public interface FeatureCosts {

    /**
     * A live metered feature.
     *
     * @param unitCost null when the feature's cost is not known (its usage is reported with cost 0)
     */
    record MeteredFeature(String key, String meterSlug, Map<String, String> groupFilters, UnitCost unitCost) {
    }

    /**
     * A unit cost, of one of three kinds.
     *
     * @param type {@link #MANUAL}, {@link #LLM} or {@link #METER}
     * @param amount a manual cost per unit
     * @param provider where an llm cost's provider comes from (so also model and tokenType)
     * @param costMeterSlug a meter cost's meter
     * @param currency ISO 4217, USD unless the feature said otherwise
     */
    record UnitCost(String type, BigDecimal amount, Dimension provider, Dimension model, Dimension tokenType,
            String costMeterSlug, String currency) {

        public static final String MANUAL = "manual";
        public static final String LLM = "llm";
        public static final String METER = "meter";
    }

    /** A value given outright, or read from a meter group-by property of each usage row. */
    record Dimension(String value, String property) {

        /** The value for a usage row with these group values; null when the row lacks the property. */
        public String of(Map<String, String> groups) {
            return property == null ? value : groups.get(property);
        }
    }

    /** The namespace's live metered features, by key. */
    List<MeteredFeature> meteredFeatures(String namespace);
}
