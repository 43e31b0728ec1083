package dev.tollgate.entitlements.store;

import dev.tollgate.entitlements.credit.UsagePeriods;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.EntitlementQuery;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.postgres.TransactionLock;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Entitlements and their manual resets in PostgreSQL. Ended and deleted entitlements stay, so history can be read. */
@ApplicationScoped
public class EntitlementRepository implements PanacheRepositoryBase<EntitlementEntity, String> {

    private final ResetRepository resets;

    EntitlementRepository(ResetRepository resets) {
        this.resets = resets;
    }

    public Optional<EntitlementEntity> findInNamespace(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    /** The customer's entitlement to the feature in force at the instant. */
    public Optional<EntitlementEntity> activeAt(String namespace, String customerId, String featureKey,
            Instant at) {
        return find("namespace = ?1 and customerId = ?2 and featureKey = ?3 and activeFrom <= ?4"
                + " and (activeTo is null or activeTo > ?4) and (deletedAt is null or deletedAt > ?4)"
                + " order by activeFrom desc", namespace, customerId, featureKey, at).firstResultOptional();
    }

    /** The customer's entitlements to the feature whose time in force meets [from, to); {@code to} null for ever. */
    public List<EntitlementEntity> overlapping(String namespace, String customerId, String featureKey,
            Instant from, Instant to) {
        // In force over [activeFrom, min(activeTo, deletedAt)): one deleted before it started never was.
        String query = "namespace = ?1 and customerId = ?2 and featureKey = ?3"
                + " and (activeTo is null or activeTo > ?4) and (deletedAt is null or deletedAt > ?4)"
                + " and (deletedAt is null or deletedAt > activeFrom) and (activeTo is null or activeTo > activeFrom)";
        if (to == null) {
            return list(query + " order by activeFrom", namespace, customerId, featureKey, from);
        }
        return list(query + " and activeFrom < ?5 order by activeFrom", namespace, customerId, featureKey, from, to);
    }

    /** Every entitlement of every namespace in force at the instant or later, oldest first. */
    public List<EntitlementEntity> inForceFrom(Instant at) {
        return list("(activeTo is null or activeTo > ?1) and (deletedAt is null or deletedAt > ?1)"
                + " and (deletedAt is null or deletedAt > activeFrom) order by activeFrom, id", at);
    }

    /** Entitlements changed (made, ended, reset) at or after the instant, by any process. */
    public List<EntitlementEntity> changedSince(Instant since) {
        return list("updatedAt >= ?1", since);
    }

    /** The entitlements a subscription made that are not deleted, oldest first. */
    public List<EntitlementEntity> ofSubscription(String namespace, String subscriptionId) {
        return list("namespace = ?1 and subscriptionId = ?2 and deletedAt is null order by activeFrom, id", namespace,
                subscriptionId);
    }

    /**
     * Serialises "check there is none in force, then add one" for a customer's feature across instances until the
     * transaction ends.
     */
    public void lock(String namespace, String customerId, String featureKey) {
        TransactionLock.acquire(getEntityManager(), "entitlement:" + namespace + ":" + customerId + ":"
                + featureKey);
    }

    public Paging.Page<EntitlementEntity> search(String namespace, EntitlementQuery query) {
        StringBuilder where = new StringBuilder("from EntitlementEntity e where e.namespace = :namespace");
        Map<String, Object> params = new HashMap<>();
        params.put("namespace", namespace);
        if (query.customerIds() != null) {
            where.append(" and e.customerId in :customers");
            params.put("customers", query.customerIds());
        }
        if (query.featureKeys() != null) {
            where.append(" and e.featureKey in :features");
            params.put("features", query.featureKeys());
        }
        if (query.types() != null) {
            where.append(" and e.type in :types");
            params.put("types", query.types());
        }
        if (!query.includeDeleted()) {
            where.append(" and e.deletedAt is null");
        }
        if (query.activeAt() != null) {
            where.append(" and e.activeFrom <= :at and (e.activeTo is null or e.activeTo > :at)"
                    + " and (e.deletedAt is null or e.deletedAt > :at)");
            params.put("at", query.activeAt());
        }
        String direction = query.descending() ? " desc" : " asc";
        var found = find(where + " order by e." + query.orderBy() + direction + ", e.id" + direction, params)
                .page(Page.of(query.paging().page() - 1, query.paging().pageSize()));
        return new Paging.Page<>(found.list(), found.count());
    }

    /** Each entitlement with its manual resets. */
    public List<Entitlement> toDomain(Collection<EntitlementEntity> entities) {
        Map<String, List<UsagePeriods.ManualReset>> byEntitlement = resets.byEntitlement(
                entities.stream().filter(e -> Entitlement.METERED.equals(e.type)).map(e -> e.id).toList());
        List<Entitlement> result = new ArrayList<>();
        for (EntitlementEntity e : entities) {
            result.add(toDomain(e, byEntitlement.getOrDefault(e.id, List.of())));
        }
        return result;
    }

    public Entitlement toDomain(EntitlementEntity e) {
        return toDomain(List.of(e)).get(0);
    }

    private static Entitlement toDomain(EntitlementEntity e, List<UsagePeriods.ManualReset> manualResets) {
        return new Entitlement(e.id, e.namespace, e.customerId, e.featureId, e.featureKey, e.meterSlug,
                e.meterGroupByFilters == null ? Map.of() : e.meterGroupByFilters, e.type,
                e.metadata == null ? Map.of() : e.metadata, e.annotations == null ? Map.of() : e.annotations,
                e.config, e.usagePeriodInterval, e.usagePeriodAnchor, e.measureUsageFrom, e.isSoftLimit,
                e.preserveOverageAtReset, e.issueAfterReset, e.issueAfterResetPriority, e.subscriptionId,
                e.activeFrom, e.activeTo, e.deletedAt, e.createdAt, e.updatedAt, manualResets,
                thresholds(e.thresholds));
    }

    private static List<Entitlement.Threshold> thresholds(List<Map<String, Object>> stored) {
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        return stored.stream().map(t -> new Entitlement.Threshold(String.valueOf(t.get("type")),
                new BigDecimal(String.valueOf(t.get("value"))))).toList();
    }

    /** The entitlements with the ids, of any namespace. */
    public List<EntitlementEntity> byIds(Collection<String> ids) {
        List<EntitlementEntity> found = new ArrayList<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += ResetRepository.CHUNK) {
            found.addAll(list("id in ?1", all.subList(from, Math.min(all.size(), from + ResetRepository.CHUNK))));
        }
        return found;
    }
}
