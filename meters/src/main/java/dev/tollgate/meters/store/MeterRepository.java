package dev.tollgate.meters.store;

import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Meter definitions in PostgreSQL. Deleted meters stay as rows (their windows may still be queried for audit). */
@ApplicationScoped
public class MeterRepository implements PanacheRepositoryBase<MeterEntity, String> {

    public List<Meter> list(String namespace, boolean includeDeleted) {
        String live = includeDeleted ? "" : " and deletedAt is null";
        return list("namespace = ?1" + live + " order by slug, createdAt", namespace).stream()
                .map(MeterRepository::toDomain).toList();
    }

    /** Every live meter of every namespace: what the aggregator folds events into. */
    public List<Meter> listAllLive() {
        return list("deletedAt is null").stream().map(MeterRepository::toDomain).toList();
    }

    public Optional<Meter> findLive(String namespace, String idOrSlug) {
        return findLiveEntity(namespace, idOrSlug).map(MeterRepository::toDomain);
    }

    public Optional<MeterEntity> findLiveEntity(String namespace, String idOrSlug) {
        return find("namespace = ?1 and deletedAt is null and (id = ?2 or slug = ?2)", namespace, idOrSlug)
                .firstResultOptional();
    }

    public Optional<Meter> findById(String id, boolean includeDeleted) {
        return findByIdOptional(id).filter(e -> includeDeleted || e.deletedAt == null)
                .map(MeterRepository::toDomain);
    }

    public boolean slugTaken(String namespace, String slug) {
        return count("namespace = ?1 and slug = ?2 and deletedAt is null", namespace, slug) > 0;
    }

    public static Meter toDomain(MeterEntity e) {
        return new Meter(e.id, e.namespace, e.slug, e.name, e.description, Aggregation.valueOf(e.aggregation),
                e.eventType, e.eventFrom, e.valueProperty, new TreeMap<>(orEmpty(e.groupBy)), orEmpty(e.metadata),
                e.generation, e.createdAt, e.updatedAt, e.deletedAt);
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
