package dev.tollgate.finance.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.finance.domain.LlmPrice;
import dev.tollgate.finance.domain.LlmPriceDraft;
import dev.tollgate.finance.domain.LlmPriceRules;
import dev.tollgate.finance.domain.PriceTimeline;
import dev.tollgate.finance.store.LlmPriceEntity;
import dev.tollgate.finance.store.LlmPriceRepository;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The LLM cost table: prices per provider, model and currency, effective-dated. A price is never changed; a new one
 * takes over from its date, and one that has taken effect cannot be deleted, so past costs stay as reported.
 */
@ApplicationScoped
public class LlmPriceService {

    private final LlmPriceRepository prices;
    private final Clock clock;

    LlmPriceService(LlmPriceRepository prices, Clock clock) {
        this.prices = prices;
        this.clock = clock;
    }

    /** Every live price of the namespace. */
    @Transactional
    public List<LlmPrice> all(String namespace) {
        return prices.live(namespace);
    }

    @Transactional
    public LlmPrice get(String namespace, String id) {
        return prices.findLive(namespace, id).map(LlmPriceRepository::toDomain)
                .orElseThrow(() -> ApiException.notFound("no LLM price has id '" + id + "'"));
    }

    @Transactional
    public LlmPrice create(String namespace, LlmPriceDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        LlmPriceRules.Checked checked = LlmPriceRules.check(draft, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String currency = draft.currency().trim().toUpperCase(Locale.ROOT);
        LlmPrice.Series series = new LlmPrice.Series(draft.provider().trim(), draft.modelId().trim(), currency);
        prices.lockSeries(namespace, series);
        Instant now = now();
        PriceTimeline.of(prices.series(namespace, series))
                .conflict(checked.effectiveFrom(), checked.effectiveTo(), now)
                .ifPresent(reason -> {
                    throw ApiException.conflict("the price for " + series.provider() + " " + series.modelId() + " in "
                            + currency + " effective from " + checked.effectiveFrom() + " cannot be added: " + reason);
                });
        LlmPriceEntity e = new LlmPriceEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.provider = series.provider();
        e.modelId = series.modelId();
        e.modelName = draft.modelName() == null ? null : draft.modelName().trim();
        e.currency = currency;
        e.inputPerToken = draft.pricing().inputPerToken();
        e.outputPerToken = draft.pricing().outputPerToken();
        e.cacheReadPerToken = draft.pricing().cacheReadPerToken();
        e.cacheWritePerToken = draft.pricing().cacheWritePerToken();
        e.reasoningPerToken = draft.pricing().reasoningPerToken();
        e.effectiveFrom = checked.effectiveFrom();
        e.effectiveTo = checked.effectiveTo();
        e.createdAt = now;
        e.updatedAt = now;
        prices.persist(e);
        return LlmPriceRepository.toDomain(e);
    }

    /** Only a price that has not taken effect yet may go: deleting one that has would rewrite reported costs. */
    @Transactional
    public void delete(String namespace, String id) {
        LlmPriceEntity e = prices.findLive(namespace, id)
                .orElseThrow(() -> ApiException.notFound("no LLM price has id '" + id + "'"));
        Instant now = now();
        if (!e.effectiveFrom.isAfter(now)) {
            throw ApiException.conflict("price " + id + " took effect at " + e.effectiveFrom + " and has priced usage"
                    + " since: it cannot be deleted; add a new price to change it from a later date");
        }
        e.deletedAt = now;
        e.updatedAt = now;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
