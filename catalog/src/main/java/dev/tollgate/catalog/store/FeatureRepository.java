package dev.tollgate.catalog.store;

import dev.tollgate.catalog.domain.Feature;
import dev.tollgate.catalog.domain.FeatureQuery;
import dev.tollgate.catalog.domain.FeatureUnitCost;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.postgres.TransactionLock;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Features in PostgreSQL. Archived features stay as rows: published plan versions may still name them. */
@ApplicationScoped
public class FeatureRepository implements PanacheRepositoryBase<FeatureEntity, String> {

    private static final Map<String, String> SORT_FIELDS = Map.of("key", "featureKey", "id", "id", "name", "name",
            "createdAt", "createdAt", "updatedAt", "updatedAt");

    public Paging.Page<Feature> list(String namespace, FeatureQuery query) {
        StringBuilder where = new StringBuilder("namespace = :namespace");
        Parameters params = Parameters.with("namespace", namespace);
        if (!query.includeArchived()) {
            where.append(" and archivedAt is null");
        }
        if (!query.meterSlugs().isEmpty()) {
            where.append(" and meterSlug in :meterSlugs");
            params.and("meterSlugs", query.meterSlugs());
        }
        Sort sort = Sort.by(SORT_FIELDS.get(query.orderBy()), direction(query.descending())).and("id");
        PanacheQuery<FeatureEntity> found = find(where.toString(), sort, params);
        if (query.paging() == null) {
            List<Feature> all = found.stream().map(FeatureRepository::toDomain).toList();
            return new Paging.Page<>(all, all.size());
        }
        Paging paging = query.paging();
        List<Feature> items = found.range(paging.offset(), paging.offset() + paging.pageSize() - 1).stream()
                .map(FeatureRepository::toDomain).toList();
        return new Paging.Page<>(items, found.count());
    }

    /** Keys of the live features that read the meter. */
    public List<String> liveKeysOnMeter(String namespace, String meterSlug) {
        return find("namespace = ?1 and meterSlug = ?2 and archivedAt is null order by featureKey", namespace,
                meterSlug).stream().map(e -> e.featureKey).toList();
    }

    public Optional<FeatureEntity> findLive(String namespace, String idOrKey) {
        return find("namespace = ?1 and archivedAt is null and (id = ?2 or featureKey = ?2)", namespace, idOrKey)
                .firstResultOptional();
    }

    /** Each key's live feature, or failing that its last archived one; keys that never had a feature are left out. */
    public Map<String, Feature> byKeys(String namespace, Collection<String> keys) {
        Map<String, Feature> features = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return features;
        }
        // The oldest archived come first and the live one last, so that the one wanted is put last and wins.
        list("namespace = ?1 and featureKey in ?2 order by archivedAt asc nulls last", namespace, keys)
                .forEach(e -> features.put(e.featureKey, toDomain(e)));
        return features;
    }

    /** Serializes creations of one key, so that two concurrent requests cannot both see it free. */
    public void lockKey(String namespace, String key) {
        TransactionLock.acquire(getEntityManager(), "feature:" + namespace + ":" + key);
    }

    public static Feature toDomain(FeatureEntity e) {
        FeatureUnitCost unitCost = e.unitCost != null ? FeatureUnitCost.fromStored(e.unitCost)
                : e.unitCostAmount == null ? null : FeatureUnitCost.manual(e.unitCostAmount, e.unitCostCurrency);
        return new Feature(e.id, e.namespace, e.featureKey, e.name, orEmpty(e.metadata), e.meterSlug,
                orEmpty(e.meterGroupByFilters), unitCost, e.archivedAt, e.createdAt, e.updatedAt);
    }

    private static Sort.Direction direction(boolean descending) {
        return descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
