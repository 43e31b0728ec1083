package dev.tollgate.catalog.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.PlanPhase;
import dev.tollgate.catalog.domain.PlanPhaseDraft;
import dev.tollgate.catalog.domain.PlanProRating;
import dev.tollgate.catalog.domain.PlanQuery;
import dev.tollgate.catalog.domain.PlanStatus;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.postgres.TransactionLock;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan versions in PostgreSQL. Phases are one JSON document per version, in OpenMeter's shape: written from the domain
 * records and read back through the same drafts that parse a client's request.
 */
@ApplicationScoped
public class PlanRepository implements PanacheRepositoryBase<PlanEntity, String> {

    private static final TypeReference<List<PlanPhaseDraft>> PHASES = new TypeReference<>() {
    };
    private static final Map<String, String> SORT_FIELDS = Map.of("id", "id", "key", "planKey", "version",
            "planVersion", "created_at", "createdAt", "updated_at", "updatedAt");

    private final ObjectMapper json;

    PlanRepository(ObjectMapper json) {
        this.json = json;
    }

    public Paging.Page<PlanEntity> list(String namespace, PlanQuery query, Instant now) {
        List<String> where = new ArrayList<>(List.of("namespace = :namespace"));
        Parameters params = Parameters.with("namespace", namespace);
        if (!query.includeDeleted()) {
            where.add("deletedAt is null");
        }
        if (!query.ids().isEmpty()) {
            where.add("id in :ids");
            params.and("ids", query.ids());
        }
        if (!query.keys().isEmpty()) {
            where.add("planKey in :keys");
            params.and("keys", query.keys());
        }
        if (!query.currencies().isEmpty()) {
            where.add("currency in :currencies");
            params.and("currencies", query.currencies());
        }
        if (!query.keyVersions().isEmpty()) {
            where.add(keyVersions(query.keyVersions(), params));
        }
        if (!query.statuses().isEmpty()) {
            where.add("(" + String.join(" or ", query.statuses().stream().map(PlanRepository::status).toList())
                    + ")");
            if (!List.of(PlanStatus.DRAFT).containsAll(query.statuses())) {
                params.and("now", now);
            }
        }
        Sort sort = Sort.by(SORT_FIELDS.get(query.orderBy()),
                query.descending() ? Sort.Direction.Descending : Sort.Direction.Ascending).and("id");
        PanacheQuery<PlanEntity> found = find(String.join(" and ", where), sort, params);
        Paging paging = query.paging();
        List<PlanEntity> items = found.range(paging.offset(), paging.offset() + paging.pageSize() - 1).list();
        return new Paging.Page<>(items, found.count());
    }

    /** By id, deleted or not. */
    public Optional<PlanEntity> findById(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    /** Every version of a key, deleted ones included, oldest first. */
    public List<PlanEntity> versions(String namespace, String key) {
        return list("namespace = ?1 and planKey = ?2 order by planVersion", namespace, key);
    }

    public Optional<PlanEntity> activeVersion(String namespace, String key, Instant now) {
        return find("namespace = :namespace and planKey = :key and deletedAt is null and " + status(PlanStatus.ACTIVE)
                + " order by planVersion desc",
                Parameters.with("namespace", namespace).and("key", key).and("now", now)).firstResultOptional();
    }

    /** Serializes changes to one key's versions: creating a draft, publishing one. */
    public void lockKey(String namespace, String key) {
        TransactionLock.acquire(getEntityManager(), "plan:" + namespace + ":" + key);
    }

    public void writePhases(PlanEntity entity, List<PlanPhase> phases) {
        try {
            entity.phases = json.writeValueAsString(phases);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan " + entity.id + "'s phases cannot be written as JSON", e);
        }
    }

    public Plan toDomain(PlanEntity e) {
        return new Plan(e.id, e.namespace, e.planKey, e.planVersion, e.name, e.description, orEmpty(e.metadata),
                e.currency, e.billingCadence, new PlanProRating(e.proRatingEnabled, e.proRatingMode), phases(e),
                e.effectiveFrom, e.effectiveTo, e.createdAt, e.updatedAt, e.deletedAt);
    }

    private List<PlanPhase> phases(PlanEntity e) {
        try {
            return json.readValue(e.phases, PHASES).stream().map(PlanPhaseDraft::toPhase).toList();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("plan " + e.id + " has unreadable phases", ex);
        }
    }

    /** {@code (planKey = :kv0 and planVersion in :kv0v) or ...}: the versions asked for, key by key. */
    private static String keyVersions(Map<String, List<Integer>> keyVersions, Parameters params) {
        List<String> alternatives = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, List<Integer>> entry : keyVersions.entrySet()) {
            String name = "kv" + index++;
            alternatives.add("(planKey = :" + name + " and planVersion in :" + name + "v)");
            params.and(name, entry.getKey()).and(name + "v", entry.getValue());
        }
        return "(" + String.join(" or ", alternatives) + ")";
    }

    /** The HQL condition for a status at the parameter {@code :now}, as {@link PlanStatus#of} derives it. */
    private static String status(PlanStatus status) {
        return switch (status) {
            case DRAFT -> "effectiveFrom is null";
            case ACTIVE -> "(effectiveFrom <= :now and (effectiveTo is null or effectiveTo > :now))";
            case ARCHIVED -> "(effectiveFrom is not null and effectiveTo <= :now)";
            case SCHEDULED -> "(effectiveFrom > :now and (effectiveTo is null or effectiveTo > :now))";
        };
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
