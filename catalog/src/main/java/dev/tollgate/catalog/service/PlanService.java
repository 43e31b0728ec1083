package dev.tollgate.catalog.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.domain.Feature;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.PlanDraft;
import dev.tollgate.catalog.domain.PlanPhase;
import dev.tollgate.catalog.domain.PlanQuery;
import dev.tollgate.catalog.domain.PlanRules;
import dev.tollgate.catalog.domain.PlanStatus;
import dev.tollgate.catalog.domain.PlanWithStatus;
import dev.tollgate.catalog.store.FeatureRepository;
import dev.tollgate.catalog.store.PlanEntity;
import dev.tollgate.catalog.store.PlanRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Versioned plans, as in OpenMeter. A key's versions are numbered 1, 2, ...; at most one is a draft, and only a draft
 * changes. Publishing a draft makes it active from now and archives the version it replaces; a published version is
 * never edited again, so a change is a new draft version ({@code next}, or a POST with the same key). Wrong-status
 * operations are refused with 400 naming the status, as OpenMeter does.
 */
@ApplicationScoped
public class PlanService {

    private final PlanRepository plans;
    private final FeatureRepository features;
    private final Clock clock;

    PlanService(PlanRepository plans, FeatureRepository features, Clock clock) {
        this.plans = plans;
        this.features = features;
        this.clock = clock;
    }

    @Transactional
    public Paging.Page<PlanWithStatus> list(String namespace, PlanQuery query) {
        Instant now = now();
        Paging.Page<PlanEntity> page = plans.list(namespace, query, now);
        List<Plan> found = page.items().stream().map(plans::toDomain).toList();
        Set<String> draftFeatureKeys = new TreeSet<>();
        found.stream().filter(plan -> plan.statusAt(now) == PlanStatus.DRAFT)
                .forEach(plan -> draftFeatureKeys.addAll(plan.featureKeys()));
        Map<String, Feature> byKey = features.byKeys(namespace, draftFeatureKeys);
        return new Paging.Page<>(found.stream().map(plan -> withStatus(plan, now, byKey)).toList(),
                page.totalCount());
    }

    /**
     * By id (deleted or not) or by key: as in OpenMeter, the key's active version, so a key with none active is not
     * found, or with {@code includeLatest} its latest version whatever its status.
     */
    @Transactional
    public PlanWithStatus get(String namespace, String idOrKey, boolean includeLatest) {
        Instant now = now();
        PlanEntity found = plans.findById(namespace, idOrKey).orElseGet(() -> {
            List<PlanEntity> live = liveVersions(namespace, idOrKey);
            if (live.isEmpty()) {
                throw notFound(idOrKey);
            }
            PlanEntity latest = live.get(live.size() - 1);
            return includeLatest ? latest : live.stream().filter(e -> status(e, now) == PlanStatus.ACTIVE)
                    .findFirst().orElseThrow(() -> ApiException.notFound("plan '" + idOrKey + "' has no active"
                            + " version; ask with includeLatest=true for its latest"));
        });
        return withStatus(plans.toDomain(found), now);
    }

    /** A new draft: version 1 of a new key, or the next version of an existing one. */
    @Transactional
    public PlanWithStatus create(String namespace, PlanDraft draft) {
        List<PlanPhase> phases = validPhases(namespace, draft);
        plans.lockKey(namespace, draft.key());
        int version = nextVersion(namespace, draft.key());
        Instant now = now();
        PlanEntity e = new PlanEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.planKey = draft.key();
        e.planVersion = version;
        e.currency = draft.currencyOrDefault();
        e.createdAt = now;
        describe(e, draft, phases, now);
        plans.persist(e);
        return withStatus(plans.toDomain(e), now);
    }

    /** Replaces a draft's definition; its key and currency stay. */
    @Transactional
    public PlanWithStatus update(String namespace, String id, PlanDraft draft) {
        PlanEntity e = liveById(namespace, id);
        Instant now = now();
        requireStatus(e, now, "updated", "a published version never changes: POST /api/v1/plans/" + e.id
                + "/next starts a new draft version", PlanStatus.DRAFT, PlanStatus.SCHEDULED);
        List<ValidationError> fixed = new ArrayList<>();
        if (draft.key() != null && !draft.key().equals(e.planKey)) {
            fixed.add(new ValidationError("key", "immutable", "key cannot change from '" + e.planKey
                    + "': create a plan with the new key instead"));
        }
        if (draft.currency() != null && !draft.currency().equals(e.currency)) {
            fixed.add(new ValidationError("currency", "immutable", "currency cannot change from " + e.currency
                    + ": create a plan with a new key for another currency"));
        }
        if (!fixed.isEmpty()) {
            throw ApiException.invalid(fixed);
        }
        List<PlanPhase> phases = validPhases(namespace, draft.withKeyAndCurrency(e.planKey, e.currency));
        describe(e, draft, phases, now);
        return withStatus(plans.toDomain(e), now);
    }

    /** OpenMeter's soft delete, for any version but the active one. */
    @Transactional
    public void delete(String namespace, String id) {
        PlanEntity e = liveById(namespace, id);
        Instant now = now();
        requireStatus(e, now, "deleted", "archive it first with POST /api/v1/plans/" + e.id + "/archive",
                PlanStatus.DRAFT, PlanStatus.SCHEDULED, PlanStatus.ARCHIVED);
        e.deletedAt = now;
        e.updatedAt = now;
    }

    /**
     * Makes a draft the key's active version from now, after checking that it is complete and that its features are
     * still live; the version it replaces is archived at the same instant.
     */
    @Transactional
    public PlanWithStatus publish(String namespace, String id) {
        PlanEntity e = liveById(namespace, id);
        plans.lockKey(namespace, e.planKey);
        Instant now = now();
        requireStatus(e, now, "published", "only a draft is published, once", PlanStatus.DRAFT,
                PlanStatus.SCHEDULED);
        Plan plan = plans.toDomain(e);
        List<ValidationError> errors = PlanRules.forPublish(plan.phases(), featuresOf(namespace, plan.featureKeys()));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        plans.activeVersion(namespace, e.planKey, now).ifPresent(active -> close(active, now));
        e.effectiveFrom = now;
        e.effectiveTo = null;
        e.updatedAt = now;
        return withStatus(plans.toDomain(e), now);
    }

    /** Ends an active version now; subscriptions can no longer start on it. */
    @Transactional
    public PlanWithStatus archive(String namespace, String id) {
        PlanEntity e = liveById(namespace, id);
        Instant now = now();
        requireStatus(e, now, "archived", "only the version in use can be withdrawn", PlanStatus.ACTIVE);
        close(e, now);
        return withStatus(plans.toDomain(e), now);
    }

    /** A new draft version copying the given version, or a key's latest version. */
    @Transactional
    public PlanWithStatus next(String namespace, String idOrKey) {
        PlanEntity source = plans.findById(namespace, idOrKey).filter(e -> e.deletedAt == null).orElseGet(() -> {
            List<PlanEntity> live = liveVersions(namespace, idOrKey);
            if (live.isEmpty()) {
                throw notFound(idOrKey);
            }
            return live.get(live.size() - 1);
        });
        plans.lockKey(namespace, source.planKey);
        int version = nextVersion(namespace, source.planKey);
        Instant now = now();
        PlanEntity e = new PlanEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.planKey = source.planKey;
        e.planVersion = version;
        e.name = source.name;
        e.description = source.description;
        e.metadata = source.metadata;
        e.currency = source.currency;
        e.billingCadence = source.billingCadence;
        e.proRatingEnabled = source.proRatingEnabled;
        e.proRatingMode = source.proRatingMode;
        e.phases = source.phases;
        e.createdAt = now;
        e.updatedAt = now;
        plans.persist(e);
        return withStatus(plans.toDomain(e), now);
    }

    /** The draft's phases, once it and the features it names pass every rule. */
    private List<PlanPhase> validPhases(String namespace, PlanDraft draft) {
        List<ValidationError> errors = PlanRules.forDraft(draft);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<PlanPhase> phases = draft.toPhases();
        errors = PlanRules.forFeatures(phases, featuresOf(namespace, PlanPhase.featureKeys(phases)));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return phases;
    }

    /** The version number a new draft of the key gets; refused while the key has a draft. */
    private int nextVersion(String namespace, String key) {
        List<PlanEntity> versions = plans.versions(namespace, key);
        versions.stream().filter(v -> v.deletedAt == null && v.effectiveFrom == null).findFirst().ifPresent(draft -> {
            throw ApiException.invalid("key", "draft_exists", "'" + key + "' already has a draft, version "
                    + draft.planVersion + " (id " + draft.id + "): change it with PUT /api/v1/plans/" + draft.id
                    + ", or delete it, before starting another version");
        });
        return versions.isEmpty() ? 1 : versions.get(versions.size() - 1).planVersion + 1;
    }

    private void describe(PlanEntity e, PlanDraft draft, List<PlanPhase> phases, Instant now) {
        e.name = draft.name();
        e.description = draft.description();
        e.metadata = draft.metadata() == null ? Map.of() : new TreeMap<>(draft.metadata());
        e.billingCadence = draft.billingCadence();
        e.proRatingEnabled = draft.proRating().enabled();
        e.proRatingMode = draft.proRating().mode();
        plans.writePhases(e, phases);
        e.updatedAt = now;
    }

    private PlanWithStatus withStatus(Plan plan, Instant now) {
        PlanStatus status = plan.statusAt(now);
        Map<String, Feature> byKey = status == PlanStatus.DRAFT ? featuresOf(plan.namespace(), plan.featureKeys())
                : Map.of();
        return withStatus(plan, now, byKey);
    }

    private static PlanWithStatus withStatus(Plan plan, Instant now, Map<String, Feature> features) {
        PlanStatus status = plan.statusAt(now);
        if (status != PlanStatus.DRAFT) {
            return new PlanWithStatus(plan, status, null);
        }
        List<ValidationError> blocking = PlanRules.forPublish(plan.phases(), features);
        return new PlanWithStatus(plan, status, blocking.isEmpty() ? null : blocking);
    }

    private Map<String, Feature> featuresOf(String namespace, Collection<String> keys) {
        return features.byKeys(namespace, keys);
    }

    private PlanEntity liveById(String namespace, String id) {
        return plans.findById(namespace, id).filter(e -> e.deletedAt == null).orElseThrow(() -> notFound(id));
    }

    private List<PlanEntity> liveVersions(String namespace, String key) {
        return plans.versions(namespace, key).stream().filter(e -> e.deletedAt == null).toList();
    }

    private static void close(PlanEntity e, Instant now) {
        e.effectiveTo = now;
        e.updatedAt = now;
    }

    /** Refuses, naming the status as OpenMeter does (400), an operation the version's status does not allow. */
    private static void requireStatus(PlanEntity e, Instant now, String action, String hint,
            PlanStatus... allowed) {
        PlanStatus status = status(e, now);
        List<PlanStatus> statuses = List.of(allowed);
        if (statuses.contains(status)) {
            return;
        }
        throw ApiException.invalid("status", "invalid_status", "is " + status.apiName() + ": only "
                + String.join(" or ", statuses.stream().map(PlanStatus::apiName).toList()) + " versions can be "
                + action + " (" + hint + ")");
    }

    private static PlanStatus status(PlanEntity e, Instant now) {
        return PlanStatus.of(e.effectiveFrom, e.effectiveTo, now);
    }

    private static ApiException notFound(String idOrKey) {
        return ApiException.notFound("no plan has id or key '" + idOrKey + "'");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
