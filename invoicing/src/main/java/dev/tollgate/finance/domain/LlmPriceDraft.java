package dev.tollgate.finance.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** OpenMeter's {@code LLMCostOverrideCreate} as a client sent it, before validation; snake_case as in its v3 API. */
public record LlmPriceDraft(String provider, @JsonProperty("model_id") String modelId,
        @JsonProperty("model_name") String modelName, Pricing pricing, String currency,
        @JsonProperty("effective_from") String effectiveFrom, @JsonProperty("effective_to") String effectiveTo) {

    /** OpenMeter's {@code LLMCostModelPricing}: prices per token. */
    public record Pricing(@JsonProperty("input_per_token") BigDecimal inputPerToken,
            @JsonProperty("output_per_token") BigDecimal outputPerToken,
            @JsonProperty("cache_read_per_token") BigDecimal cacheReadPerToken,
            @JsonProperty("cache_write_per_token") BigDecimal cacheWritePerToken,
            @JsonProperty("reasoning_per_token") BigDecimal reasoningPerToken) {
    }
}
