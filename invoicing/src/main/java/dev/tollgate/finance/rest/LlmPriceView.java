package dev.tollgate.finance.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tollgate.finance.domain.LlmPrice;
import dev.tollgate.finance.domain.LlmPricing;
import java.time.Instant;
import java.util.List;

/**
 * OpenMeter's v3 {@code LLMCostPrice}, snake_case as in that API. Every price is the namespace's own ({@code source}
 * manual): Tollgate syncs no price list from outside.
 *
 * @param effectiveTo when the price stops applying: its own end or the next price's start; absent while open
 */
@JsonPropertyOrder({"id", "provider", "model", "pricing", "currency", "source", "effective_from", "effective_to",
    "created_at", "updated_at"})
public record LlmPriceView(String id, Named provider, Named model, Pricing pricing, String currency, String source,
        @JsonProperty("effective_from") Instant effectiveFrom,
        @JsonProperty("effective_to") @JsonInclude(JsonInclude.Include.NON_NULL) Instant effectiveTo,
        @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt) {

    public static final String MANUAL = "manual";

    /** OpenMeter's {@code LLMCostProvider} and {@code LLMCostModel}. */
    public record Named(String id, String name) {
    }

    /** OpenMeter's {@code LLMCostModelPricing}, each a decimal string. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pricing(@JsonProperty("input_per_token") String inputPerToken,
            @JsonProperty("output_per_token") String outputPerToken,
            @JsonProperty("cache_read_per_token") String cacheReadPerToken,
            @JsonProperty("cache_write_per_token") String cacheWritePerToken,
            @JsonProperty("reasoning_per_token") String reasoningPerToken) {

        static Pricing of(LlmPricing p) {
            return new Pricing(Money.exact(p.inputPerToken()), Money.exact(p.outputPerToken()),
                    Money.exact(p.cacheReadPerToken()), Money.exact(p.cacheWritePerToken()),
                    Money.exact(p.reasoningPerToken()));
        }
    }

    /** OpenMeter's page-paginated response. */
    public record Page(List<LlmPriceView> data, Meta meta) {
    }

    public record Meta(PageMeta page) {
    }

    public record PageMeta(int number, int size, long total) {
    }

    static LlmPriceView of(LlmPrice p, Instant effectiveTo) {
        return new LlmPriceView(p.id(), new Named(p.provider(), p.provider()),
                new Named(p.modelId(), p.modelName() == null ? p.modelId() : p.modelName()), Pricing.of(p.pricing()),
                p.currency(), MANUAL, p.effectiveFrom(), effectiveTo, p.createdAt(), p.updatedAt());
    }
}
