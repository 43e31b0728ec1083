package dev.tollgate.finance.domain;

import dev.tollgate.catalog.api.FeatureCosts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a feature's usage cost, row by row: manual is usage × amount; llm is usage × the per-token price of the
 * row's provider, model and token type in effect at the row's time; meter costs come from the cost meter's own rows,
 * so the usage row itself costs 0, as does a feature without a unit cost. A row that cannot be priced costs 0 and
 * says why, and is never guessed.
 */
public final class UnitCostPricer {

    /** The currency of usage whose cost is unknown: the catalog's default. */
    public static final String DEFAULT_CURRENCY = "USD";

    private final Map<LlmPrice.Series, PriceTimeline> timelines;

    public UnitCostPricer(Collection<LlmPrice> prices) {
        this.timelines = PriceTimeline.bySeries(prices);
    }

    /**
     * A row's cost.
     *
     * @param warning null when priced as the unit cost says; else why the row costs 0
     */
    public record Priced(BigDecimal cost, String currency, String warning) {
    }

    /** The cost of {@code usage} with these group values, at an instant all of whose minute has one price. */
    public Priced price(String featureKey, FeatureCosts.UnitCost unitCost, Map<String, String> groups,
            BigDecimal usage, Instant at) {
        if (unitCost == null) {
            return new Priced(BigDecimal.ZERO, DEFAULT_CURRENCY, null);
        }
        return switch (unitCost.type()) {
            case FeatureCosts.UnitCost.MANUAL -> new Priced(usage.multiply(unitCost.amount()), unitCost.currency(),
                    null);
            case FeatureCosts.UnitCost.LLM -> llm(featureKey, unitCost, groups, usage, at);
            default -> new Priced(BigDecimal.ZERO, unitCost.currency(), null);
        };
    }

    private Priced llm(String featureKey, FeatureCosts.UnitCost unitCost, Map<String, String> groups,
            BigDecimal usage, Instant at) {
        String currency = unitCost.currency();
        String provider = unitCost.provider().of(groups);
        String model = unitCost.model().of(groups);
        String tokenTypeName = unitCost.tokenType().of(groups);
        String prefix = "feature '" + featureKey + "': ";
        if (provider == null || model == null || tokenTypeName == null) {
            return new Priced(BigDecimal.ZERO, currency, prefix + "usage without a "
                    + (provider == null ? "provider" : model == null ? "model" : "token type")
                    + " value is costed 0");
        }
        Optional<TokenType> tokenType = TokenType.parse(tokenTypeName);
        if (tokenType.isEmpty()) {
            return new Priced(BigDecimal.ZERO, currency, prefix + "token type '" + tokenTypeName
                    + "' is not one of input, output, cache_read, cache_write, reasoning: its usage is costed 0");
        }
        PriceTimeline timeline = timelines.get(new LlmPrice.Series(provider, model, currency));
        Optional<BigDecimal> perToken = Optional.ofNullable(timeline).flatMap(t -> t.at(at))
                .flatMap(p -> p.pricing().perToken(tokenType.get()));
        if (perToken.isEmpty()) {
            return new Priced(BigDecimal.ZERO, currency, prefix + "no LLM price for provider '" + provider
                    + "', model '" + model + "', " + tokenType.get().wireName() + " tokens in " + currency + " at "
                    + at + ": that usage is costed 0 (add one with POST /api/v1/llm-cost/overrides)");
        }
        return new Priced(usage.multiply(perToken.get()), currency, null);
    }

    /** The instants strictly inside [from, to) at which any LLM price changes. */
    public TreeSet<Instant> priceChangesWithin(Instant from, Instant to) {
        TreeSet<Instant> changes = new TreeSet<>();
        timelines.values().forEach(t -> changes.addAll(t.changesWithin(from, to)));
        return changes;
    }
}
