package dev.tollgate.entitlements.store;

import dev.tollgate.entitlements.domain.Grant;
import dev.tollgate.shared.paging.Paging;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Grants in PostgreSQL. Voided grants stay: the usage they covered before their void stays covered. */
@ApplicationScoped
public class GrantRepository implements PanacheRepositoryBase<GrantEntity, String> {

    /** A filter over a namespace's grants. Null lists mean no filter. */
    public record GrantFilter(List<String> entitlementIds, List<String> customerIds, List<String> featureKeys,
            boolean includeDeleted, String orderBy, boolean descending) {
    }

    public Optional<GrantEntity> findInNamespace(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    /** Every grant of the entitlement, voided and ended ones too, as the credit engine needs them. */
    public List<Grant> ofEntitlement(String entitlementId) {
        return list("entitlementId = ?1 order by createdAt, id", entitlementId).stream()
                .map(GrantRepository::toDomain).toList();
    }

    /** Every grant of each entitlement, by entitlement id. */
    public Map<String, List<Grant>> ofEntitlements(Collection<String> entitlementIds) {
        Map<String, List<Grant>> byEntitlement = new HashMap<>();
        List<String> ids = new ArrayList<>(entitlementIds);
        for (int from = 0; from < ids.size(); from += ResetRepository.CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ResetRepository.CHUNK));
            for (GrantEntity g : list("entitlementId in ?1 order by createdAt, id", chunk)) {
                byEntitlement.computeIfAbsent(g.entitlementId, id -> new ArrayList<>()).add(toDomain(g));
            }
        }
        return byEntitlement;
    }

    /**
     * The entitlements whose grants were made or voided at or after the instant, by any process, each with its grants'
     * latest change.
     */
    public Map<String, Instant> entitlementsChangedSince(Instant since) {
        Map<String, Instant> changed = new HashMap<>();
        getEntityManager().createQuery("select g.entitlementId, max(g.updatedAt) from GrantEntity g"
                + " where g.updatedAt >= :since group by g.entitlementId", Object[].class).setParameter("since", since)
                .getResultList().forEach(row -> changed.put((String) row[0], (Instant) row[1]));
        return changed;
    }

    /** Marks the entitlement's grants as ended with it. */
    public void endWith(String entitlementId, Instant at) {
        update("deletedAt = ?1, updatedAt = ?1 where entitlementId = ?2 and deletedAt is null", at, entitlementId);
    }

    public Paging.Page<Grant> search(String namespace, GrantFilter filter, Paging paging) {
        StringBuilder where = new StringBuilder("from GrantEntity g where g.namespace = :namespace");
        Map<String, Object> params = new HashMap<>();
        params.put("namespace", namespace);
        if (filter.entitlementIds() != null) {
            where.append(" and g.entitlementId in :entitlements");
            params.put("entitlements", filter.entitlementIds());
        }
        if (filter.customerIds() != null || filter.featureKeys() != null) {
            where.append(" and g.entitlementId in (select e.id from EntitlementEntity e where e.namespace"
                    + " = :namespace");
            if (filter.customerIds() != null) {
                where.append(" and e.customerId in :customers");
                params.put("customers", filter.customerIds());
            }
            if (filter.featureKeys() != null) {
                where.append(" and e.featureKey in :features");
                params.put("features", filter.featureKeys());
            }
            where.append(")");
        }
        if (!filter.includeDeleted()) {
            where.append(" and g.deletedAt is null");
        }
        String direction = filter.descending() ? " desc" : " asc";
        var found = find(where + " order by g." + filter.orderBy() + direction + ", g.id" + direction, params)
                .page(Page.of(paging.page() - 1, paging.pageSize()));
        return new Paging.Page<>(found.list().stream().map(GrantRepository::toDomain).toList(), found.count());
    }

    public static Grant toDomain(GrantEntity g) {
        return new Grant(g.id, g.namespace, g.entitlementId, g.amount, g.priority, g.effectiveAt,
                g.expirationDuration, g.expirationCount, g.expiresAt, g.recurrenceInterval, g.recurrenceAnchor,
                g.minRolloverAmount, g.maxRolloverAmount, g.metadata == null ? Map.of() : g.metadata,
                g.annotations == null ? Map.of() : g.annotations, g.voidedAt, g.deletedAt, g.createdAt,
                g.updatedAt);
    }
}
