package dev.tollgate.finance.store;

import dev.tollgate.finance.domain.LlmPrice;
import dev.tollgate.finance.domain.LlmPricing;
import dev.tollgate.shared.postgres.TransactionLock;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The namespace's LLM prices. */
@ApplicationScoped
public class LlmPriceRepository implements PanacheRepositoryBase<LlmPriceEntity, String> {

    public Optional<LlmPriceEntity> findLive(String namespace, String id) {
        return find("namespace = ?1 and id = ?2 and deletedAt is null", namespace, id).firstResultOptional();
    }

    /** Every live price of the namespace, in a stable order; a namespace has a few hundred at most. */
    public List<LlmPrice> live(String namespace) {
        return list("namespace = ?1 and deletedAt is null order by provider, modelId, currency, effectiveFrom, id",
                namespace).stream().map(LlmPriceRepository::toDomain).toList();
    }

    /** The live prices of one provider, model and currency. */
    public List<LlmPrice> series(String namespace, LlmPrice.Series series) {
        return list("namespace = ?1 and provider = ?2 and modelId = ?3 and currency = ?4 and deletedAt is null",
                namespace, series.provider(), series.modelId(), series.currency()).stream()
                .map(LlmPriceRepository::toDomain).toList();
    }

    /** Serializes changes to one provider, model and currency, whose prices are checked against each other. */
    public void lockSeries(String namespace, LlmPrice.Series series) {
        TransactionLock.acquire(getEntityManager(), "llm-price:" + namespace + ":" + series.provider() + ":"
                + series.modelId() + ":" + series.currency());
    }

    public static LlmPrice toDomain(LlmPriceEntity e) {
        return new LlmPrice(e.id, e.namespace, e.provider, e.modelId, e.modelName, e.currency,
                new LlmPricing(e.inputPerToken, e.outputPerToken, e.cacheReadPerToken, e.cacheWritePerToken,
                        e.reasoningPerToken), e.effectiveFrom, e.effectiveTo, e.createdAt, e.updatedAt);
    }
}
