package dev.tollgate.meters.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.meters.domain.Backfill;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.MeterReferences;
import dev.tollgate.meters.api.Meters;
import dev.tollgate.meters.domain.MeterDraft;
import dev.tollgate.meters.domain.MeterRules;
import dev.tollgate.meters.store.BackfillRepository;
import dev.tollgate.meters.store.MeterEntity;
import dev.tollgate.meters.store.MeterRepository;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Meter definitions. A new meter, and every change that alters stored windows (its group-by), starts a new window
 * generation that the aggregator folds live and a {@link Backfill} folds from the raw event store for the past.
 */
@ApplicationScoped
public class MeterService implements Meters {

    private final MeterRepository meters;
    private final BackfillRepository backfills;
    private final Instance<MeterReferences> references;
    private final Clock clock;

    MeterService(MeterRepository meters, BackfillRepository backfills, Instance<MeterReferences> references,
            Clock clock) {
        this.meters = meters;
        this.backfills = backfills;
        this.references = references;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Optional<Meter> findLive(String namespace, String idOrSlug) {
        return meters.findLive(namespace, idOrSlug);
    }

    @Override
    @Transactional
    public List<Meter> list(String namespace, boolean includeDeleted) {
        return meters.list(namespace, includeDeleted);
    }

    @Transactional
    public Meter get(String namespace, String idOrSlug) {
        return meters.findLive(namespace, idOrSlug).orElseThrow(() -> notFound(idOrSlug));
    }

    /**
     * A meter to show: a live one by id or slug, or, as OpenMeter answers, a deleted one by its id (with its
     * {@code deletedAt}), since an id names one meter forever while a slug passes to the next meter that takes it.
     */
    @Transactional
    public Meter show(String namespace, String idOrSlug) {
        return meters.findLive(namespace, idOrSlug)
                .or(() -> meters.findById(idOrSlug, true).filter(m -> m.namespace().equals(namespace)))
                .orElseThrow(() -> notFound(idOrSlug));
    }

    @Transactional
    public List<Meter> allLive() {
        return meters.listAllLive();
    }

    @Transactional
    public Meter create(String namespace, MeterDraft draft) {
        List<ValidationError> errors = MeterRules.forCreate(draft);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (meters.slugTaken(namespace, draft.slug())) {
            throw ApiException.conflict("a meter with slug '" + draft.slug() + "' already exists");
        }
        Instant now = clock.instant();
        MeterEntity e = new MeterEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.slug = draft.slug();
        e.name = draft.name() == null ? draft.slug() : draft.name();
        e.description = draft.description();
        e.aggregation = draft.aggregation();
        e.eventType = draft.eventType();
        e.eventFrom = draft.eventFrom() == null ? null : Rfc3339.parse(draft.eventFrom()).orElseThrow();
        e.valueProperty = draft.valueProperty();
        e.groupBy = draft.groupBy() == null ? Map.of() : new TreeMap<>(draft.groupBy());
        e.metadata = draft.metadata() == null ? Map.of() : new TreeMap<>(draft.metadata());
        e.generation = 1;
        e.createdAt = now;
        e.updatedAt = now;
        meters.persist(e);
        Meter meter = MeterRepository.toDomain(e);
        backfills.open(meter, now);
        return meter;
    }

    /**
     * Replaces what may change: name, description, metadata and group-by. The other fields are fixed at creation; a
     * request that tries to change one is refused rather than silently ignored.
     */
    @Transactional
    public Meter update(String namespace, String idOrSlug, MeterDraft draft) {
        MeterEntity e = meters.findLiveEntity(namespace, idOrSlug).orElseThrow(() -> notFound(idOrSlug));
        Meter current = MeterRepository.toDomain(e);
        List<ValidationError> errors = new ArrayList<>(immutableChanges(current, draft));
        errors.addAll(MeterRules.forUpdate(current, draft.name(), draft.description(), draft.groupBy(),
                draft.metadata()));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Instant now = clock.instant();
        Map<String, String> groupBy = draft.groupBy() == null ? Map.of() : new TreeMap<>(draft.groupBy());
        boolean windowsChange = !groupBy.equals(current.groupBy());
        e.name = draft.name() == null ? e.slug : draft.name();
        e.description = draft.description();
        e.metadata = draft.metadata() == null ? Map.of() : new TreeMap<>(draft.metadata());
        e.groupBy = groupBy;
        e.updatedAt = now;
        if (windowsChange) {
            e.generation++;
            backfills.cancelOpen(e.id, "superseded by generation " + e.generation, now);
        }
        Meter meter = MeterRepository.toDomain(e);
        if (windowsChange) {
            backfills.open(meter, now);
        }
        return meter;
    }

    /** Deletes the meter unless something live still uses it (409, as in OpenMeter): its usage would vanish. */
    @Transactional
    public void delete(String namespace, String idOrSlug) {
        MeterEntity e = meters.findLiveEntity(namespace, idOrSlug).orElseThrow(() -> notFound(idOrSlug));
        List<String> users = references.stream().flatMap(r -> r.usersOf(namespace, e.slug).stream()).toList();
        if (!users.isEmpty()) {
            throw ApiException.conflict("meter '" + e.slug + "' is used by " + String.join(", ", users)
                    + "; archive those first");
        }
        Instant now = clock.instant();
        e.deletedAt = now;
        e.updatedAt = now;
        backfills.cancelOpen(e.id, "the meter was deleted", now);
    }

    @Transactional
    public Backfill backfill(String namespace, String idOrSlug) {
        Meter meter = get(namespace, idOrSlug);
        return backfills.latest(meter.id()).orElseThrow(() -> ApiException.notFound("meter '" + idOrSlug
                + "' has no backfill: it has folded every event since it was created"));
    }

    private static List<ValidationError> immutableChanges(Meter current, MeterDraft draft) {
        List<ValidationError> errors = new ArrayList<>();
        fixed(errors, "slug", draft.slug(), current.slug());
        fixed(errors, "aggregation", draft.aggregation(), current.aggregation().name());
        fixed(errors, "eventType", draft.eventType(), current.eventType());
        fixed(errors, "valueProperty", draft.valueProperty(), current.valueProperty());
        if (draft.eventFrom() != null && !Objects.equals(Rfc3339.parse(draft.eventFrom()).orElse(null),
                current.eventFrom())) {
            errors.add(new ValidationError("eventFrom", "immutable",
                    "eventFrom cannot be changed; create a new meter instead"));
        }
        return errors;
    }

    private static void fixed(List<ValidationError> errors, String field, String sent, String current) {
        if (sent != null && !sent.equals(current)) {
            errors.add(new ValidationError(field, "immutable", field + " cannot be changed; create a new meter instead"));
        }
    }

    private static ApiException notFound(String idOrSlug) {
        return ApiException.notFound("no meter with id or slug '" + idOrSlug + "'");
    }
}
