package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one unit of a feature's usage costs the provider, for finance's showback and chargeback. Three kinds:
 * <ul>
 *   <li>{@code manual}, OpenMeter's fixed {@code amount} per unit (usage × amount);</li>
 *   <li>{@code llm}, OpenMeter's LLM unit cost: the per-token price of a provider's model for a token type, each
 *       given as a value ({@code provider}, {@code model}, {@code tokenType}) or read from a meter group-by property
 *       ({@code providerProperty}, ...), looked up in finance's effective-dated LLM cost table;</li>
 *   <li>{@code meter}, Tollgate's: the cost is what another {@code meter} measures for the same usage, such as a SUM
 *       of Kong's own cost estimate.</li>
 * </ul>
 * Amounts are in USD unless a {@code currency} (ISO 4217) is given, which is echoed when it was.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "amount", "provider", "providerProperty", "model", "modelProperty", "tokenType",
    "tokenTypeProperty", "meter", "currency"})
public record FeatureUnitCost(String type, @JsonSerialize(using = RateCardJson.Amount.class) BigDecimal amount,
        String provider, String providerProperty, String model, String modelProperty, String tokenType,
        String tokenTypeProperty, String meter, String currency) {

    public static final String MANUAL = "manual";
    public static final String LLM = "llm";
    public static final String METER = "meter";

    public static FeatureUnitCost manual(BigDecimal amount, String currency) {
        return new FeatureUnitCost(MANUAL, amount, null, null, null, null, null, null, null, currency);
    }

    /** The currency the cost is in: USD unless another was given. */
    public String currencyOrDefault() {
        return currency == null ? PlanRules.DEFAULT_CURRENCY : currency;
    }

    /** The fields of an {@code llm} or {@code meter} unit cost as stored, the API's names to their values. */
    @JsonIgnore
    public Map<String, String> stored() {
        Map<String, String> stored = new LinkedHashMap<>();
        put(stored, "type", type);
        put(stored, "provider", provider);
        put(stored, "providerProperty", providerProperty);
        put(stored, "model", model);
        put(stored, "modelProperty", modelProperty);
        put(stored, "tokenType", tokenType);
        put(stored, "tokenTypeProperty", tokenTypeProperty);
        put(stored, "meter", meter);
        put(stored, "currency", currency);
        return stored;
    }

    public static FeatureUnitCost fromStored(Map<String, String> s) {
        return new FeatureUnitCost(s.get("type"), null, s.get("provider"), s.get("providerProperty"), s.get("model"),
                s.get("modelProperty"), s.get("tokenType"), s.get("tokenTypeProperty"), s.get("meter"),
                s.get("currency"));
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
