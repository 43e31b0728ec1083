package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;

/**
 * What one unit of a feature's usage costs the provider, such as 0.000002 USD per input token, for finance's showback
 * and chargeback (usage × amount): OpenMeter's manual {@code unitCost}, {@code {"type": "manual", "amount": ...}} in
 * USD. Tollgate also takes any ISO 4217 {@code currency}, and echoes it when it was given.
 */
@JsonPropertyOrder({"type", "amount", "currency"})
public record FeatureUnitCost(@JsonSerialize(using = RateCardJson.Amount.class) BigDecimal amount,
        @JsonInclude(JsonInclude.Include.NON_NULL) String currency) {

    /** OpenMeter's unit cost of a fixed amount; its other kind, a lookup in an LLM price list, is not supported. */
    public static final String MANUAL = "manual";

    @JsonProperty
    public String type() {
        return MANUAL;
    }

    /** The currency the amount is in: USD unless another was given. */
    public String currencyOrDefault() {
        return currency == null ? PlanRules.DEFAULT_CURRENCY : currency;
    }
}
