package dev.tollgate.catalog.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.domain.Feature;
import dev.tollgate.catalog.domain.FeatureDraft;
import dev.tollgate.catalog.domain.FeatureQuery;
import dev.tollgate.catalog.domain.FeatureRules;
import dev.tollgate.catalog.domain.FeatureUnitCost;
import dev.tollgate.catalog.store.FeatureEntity;
import dev.tollgate.catalog.store.FeatureRepository;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.Meters;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Features, as in OpenMeter: created once, never updated, and archived rather than deleted, because published plan
 * versions may name them. An archived feature cannot be used by a new plan version, and its key may be used again.
 */
@ApplicationScoped
public class FeatureService {

    private final FeatureRepository features;
    private final Meters meters;
    private final Clock clock;

    FeatureService(FeatureRepository features, Meters meters, Clock clock) {
        this.features = features;
        this.meters = meters;
        this.clock = clock;
    }

    @Transactional
    public Paging.Page<Feature> list(String namespace, FeatureQuery query) {
        return features.list(namespace, query);
    }

    /**
     * A live feature by id or key. An archived one is not found, as in OpenMeter's {@code getFeature}; the list with
     * {@code includeArchived} shows it.
     */
    @Transactional
    public Feature get(String namespace, String idOrKey) {
        return features.findLive(namespace, idOrKey).map(FeatureRepository::toDomain)
                .orElseThrow(() -> ApiException.notFound("no live feature has id or key '" + idOrKey
                        + "': it does not exist or was archived"));
    }

    @Transactional
    public Feature create(String namespace, FeatureDraft draft) {
        List<ValidationError> errors = FeatureRules.forDraft(draft);
        Optional<Meter> meter = Optional.empty();
        if (errors.isEmpty() && draft.meterSlug() != null) {
            meter = meters.findLive(namespace, draft.meterSlug());
            errors = FeatureRules.forMeter(draft, meter);
            if (errors.isEmpty()) {
                errors = FeatureRules.forUnitCostMeters(draft, meter.get(), costMeter(namespace, draft));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        features.lockKey(namespace, draft.key());
        features.findLive(namespace, draft.key()).ifPresent(existing -> {
            throw ApiException.conflict("a feature with key '" + draft.key() + "' already exists (id " + existing.id
                    + "); archive it with DELETE /api/v1/features/" + existing.id + " to use the key again");
        });
        Instant now = now();
        FeatureEntity e = new FeatureEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.featureKey = draft.key();
        e.name = draft.name();
        e.metadata = sorted(draft.metadata());
        e.meterSlug = meter.map(Meter::slug).orElse(null);
        e.meterGroupByFilters = sorted(draft.meterGroupByFilters());
        if (draft.unitCost() != null) {
            FeatureUnitCost cost = draft.unitCost().toUnitCost();
            if (FeatureUnitCost.MANUAL.equals(cost.type())) {
                e.unitCostAmount = cost.amount();
                e.unitCostCurrency = cost.currency();
            } else {
                e.unitCost = cost.stored();
            }
        }
        e.createdAt = now;
        e.updatedAt = now;
        features.persist(e);
        return FeatureRepository.toDomain(e);
    }

    private Optional<Meter> costMeter(String namespace, FeatureDraft draft) {
        FeatureDraft.UnitCost cost = draft.unitCost();
        return cost == null || cost.meter() == null || cost.meter().isBlank() ? Optional.empty()
                : meters.findLive(namespace, cost.meter());
    }

    /** OpenMeter's DELETE: the feature is archived, never removed. */
    @Transactional
    public Feature archive(String namespace, String idOrKey) {
        FeatureEntity e = features.findLive(namespace, idOrKey).orElseThrow(() -> ApiException.notFound(
                "no live feature has id or key '" + idOrKey + "': it does not exist or is already archived"));
        Instant now = now();
        e.archivedAt = now;
        e.updatedAt = now;
        return FeatureRepository.toDomain(e);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : new TreeMap<>(map);
    }
}
