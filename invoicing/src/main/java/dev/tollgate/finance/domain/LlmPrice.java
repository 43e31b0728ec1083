package dev.tollgate.finance.domain;

import java.time.Instant;

/**
 * A price of one provider's model in one currency, from {@code effectiveFrom}.
 *
 * @param effectiveTo as given when created; null when open-ended. The next price of the same provider, model and
 *     currency ends it earlier (see {@link PriceTimeline})
 */
public record LlmPrice(String id, String namespace, String provider, String modelId, String modelName,
        String currency, LlmPricing pricing, Instant effectiveFrom, Instant effectiveTo, Instant createdAt,
        Instant updatedAt) {

    /** Prices of one provider, model and currency replace each other in time. */
    public record Series(String provider, String modelId, String currency) {
    }

    public Series series() {
        return new Series(provider, modelId, currency);
    }
}
