package dev.tollgate.entitlements.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.BillingFeatures;
import dev.tollgate.catalog.api.SubscriptionEntitlement;
import dev.tollgate.entitlements.api.EntitlementReset;
import dev.tollgate.entitlements.credit.UsagePeriods;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.EntitlementDrafts;
import dev.tollgate.entitlements.domain.EntitlementQuery;
import dev.tollgate.entitlements.domain.EntitlementRules;
import dev.tollgate.entitlements.domain.Minutes;
import dev.tollgate.entitlements.domain.RecurringInterval;
import dev.tollgate.entitlements.store.EntitlementEntity;
import dev.tollgate.entitlements.store.EntitlementRepository;
import dev.tollgate.entitlements.store.GrantRepository;
import dev.tollgate.entitlements.store.ResetEntity;
import dev.tollgate.entitlements.store.ResetRepository;
import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.Meters;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entitlements, as in OpenMeter: made, ended (deleted or overridden) and, when metered, reset; never edited. A customer
 * has at most one entitlement to a feature in force at any instant.
 */
@ApplicationScoped
public class EntitlementService {

    /** Metered entitlements burn usage that adds up; OpenMeter's UNIQUE_COUNT and LATEST burn-downs are not offered. */
    static final Set<Aggregation> BURNABLE = Set.of(Aggregation.SUM, Aggregation.COUNT);

    private final EntitlementRepository entitlements;
    private final GrantRepository grants;
    private final ResetRepository resets;
    private final GrantService grantService;
    private final EntitlementLookup lookup;
    private final BillingFeatures features;
    private final BillingCustomers customers;
    private final Meters meters;
    private final Event<EntitlementReset> resetEvents;
    private final Clock clock;

    EntitlementService(EntitlementRepository entitlements, GrantRepository grants, ResetRepository resets,
            GrantService grantService, EntitlementLookup lookup, BillingFeatures features,
            BillingCustomers customers, Meters meters, Event<EntitlementReset> resetEvents, Clock clock) {
        this.entitlements = entitlements;
        this.grants = grants;
        this.resets = resets;
        this.grantService = grantService;
        this.lookup = lookup;
        this.features = features;
        this.customers = customers;
        this.meters = meters;
        this.resetEvents = resetEvents;
        this.clock = clock;
    }

    @Transactional
    public Entitlement create(String namespace, String customerIdOrKey, EntitlementDrafts.Create draft) {
        BillingCustomer customer = lookup.customer(namespace, customerIdOrKey);
        return create(namespace, customer, draft, now());
    }

    @Transactional
    public Paging.Page<Entitlement> list(String namespace, EntitlementQuery query) {
        Paging.Page<EntitlementEntity> page = entitlements.search(namespace, query);
        return new Paging.Page<>(entitlements.toDomain(page.items()), page.totalCount());
    }

    /** The customer's entitlements, for {@code /api/v2/customers/{id}/entitlements}. */
    @Transactional
    public Paging.Page<Entitlement> listOfCustomer(String namespace, String customerIdOrKey, boolean includeDeleted,
            String orderBy, boolean descending, Paging paging) {
        BillingCustomer customer = lookup.customer(namespace, customerIdOrKey);
        return list(namespace, new EntitlementQuery(List.of(customer.id()), null, null, null, includeDeleted,
                orderBy, descending, paging));
    }

    @Transactional
    public Entitlement get(String namespace, String customerIdOrKey, String idOrFeatureKey) {
        return lookup.find(namespace, customerIdOrKey, idOrFeatureKey, now());
    }

    @Transactional
    public Entitlement getById(String namespace, String id) {
        return lookup.byId(namespace, id);
    }

    /** The keys of the customers among the ids that have one, by id: entitlements show their customer's key. */
    @Transactional
    public Map<String, String> customerKeys(String namespace, Collection<String> customerIds) {
        Map<String, String> keys = new HashMap<>();
        customers.byIds(namespace, customerIds).forEach((id, c) -> {
            if (c.key() != null) {
                keys.put(id, c.key());
            }
        });
        return keys;
    }

    /** Ends the entitlement now; its history stays readable. */
    @Transactional
    public void delete(String namespace, String customerIdOrKey, String idOrFeatureKey) {
        Instant now = now();
        Entitlement entitlement = lookup.find(namespace, customerIdOrKey, idOrFeatureKey, now);
        lookup.requireNotManaged(entitlement, "the entitlement");
        if (entitlement.deletedAt() != null) {
            throw ApiException.notFound("entitlement " + entitlement.id() + " was already deleted");
        }
        EntitlementEntity e = entitlements.findById(entitlement.id());
        e.deletedAt = now;
        e.updatedAt = now;
        grants.endWith(e.id, now);
    }

    /**
     * OpenMeter's override: the entitlement in force ends now and a new one, with its own grants and nothing carried
     * over, starts now.
     */
    @Transactional
    public Entitlement override(String namespace, String customerIdOrKey, String idOrFeatureKey,
            EntitlementDrafts.Create draft) {
        Instant now = now();
        BillingCustomer customer = lookup.customer(namespace, customerIdOrKey);
        Entitlement old = lookup.find(namespace, customerIdOrKey, idOrFeatureKey, now);
        if (!old.activeAt(now)) {
            throw ApiException.badRequest("entitlement " + old.id() + " is not in force now, so there is nothing"
                    + " to override");
        }
        lookup.requireNotManaged(old, "the entitlement");
        List<ValidationError> errors = EntitlementRules.forCreate(draft);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        BillingFeatures.CatalogFeature feature = feature(namespace, draft);
        if (!feature.key().equals(old.featureKey())) {
            throw ApiException.invalid("featureKey", "different_feature", "must be the overridden"
                    + " entitlement's feature, '" + old.featureKey() + "'");
        }
        EntitlementEntity e = entitlements.findById(old.id());
        e.activeTo = now;
        e.updatedAt = now;
        grants.endWith(e.id, now);
        entitlements.flush();
        return create(namespace, customer, draft, now);
    }

    /** A manual reset of a metered entitlement's usage period, within the current period and not in the future. */
    @Transactional
    public void reset(String namespace, String customerIdOrKey, String idOrFeatureKey,
            EntitlementDrafts.Reset request) {
        List<ValidationError> errors = EntitlementRules.forReset(request);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Instant now = now();
        Entitlement entitlement = lookup.find(namespace, customerIdOrKey, idOrFeatureKey, now);
        if (!entitlement.metered()) {
            throw ApiException.invalid("entitlementIdOrFeatureKey", "wrong_type", "entitlementIdOrFeatureKey"
                    + " names a " + entitlement.type() + " entitlement; only metered entitlements are reset");
        }
        lookup.requireNotManaged(entitlement, "its usage period");
        EntitlementDrafts.Reset r = request == null ? new EntitlementDrafts.Reset(null, null, null) : request;
        Instant asked = r.effectiveAt() == null ? now : Rfc3339.parse(r.effectiveAt()).orElseThrow();
        if (asked.isAfter(now)) {
            throw ApiException.invalid("effectiveAt", "in_future", "must not be in the future");
        }
        Instant at = Minutes.floor(asked);
        UsagePeriods periods = entitlement.usagePeriods();
        Instant periodStart = periods.periodAt(now).from();
        if (at.isBefore(periodStart)) {
            throw ApiException.invalid("effectiveAt", "before_current_period", "must not be before the"
                    + " start of the current usage period, " + periodStart);
        }
        if (!periods.manualResets().isEmpty() && !at.isAfter(periods.lastManualReset())) {
            throw ApiException.invalid("effectiveAt", "not_after_last_reset", "must be after the last"
                    + " reset, " + periods.lastManualReset());
        }
        if (at.equals(entitlement.measureUsageFrom())) {
            throw ApiException.invalid("effectiveAt", "at_measurement_start", "must be after the"
                    + " start of measurement, " + entitlement.measureUsageFrom());
        }
        ResetEntity reset = new ResetEntity();
        reset.id = UlidCreator.getMonotonicUlid().toString();
        reset.entitlementId = entitlement.id();
        reset.resetAt = at;
        reset.retainAnchor = Boolean.TRUE.equals(r.retainAnchor());
        reset.preserveOverage = r.preserveOverage() == null ? entitlement.preserveOverageAtReset()
                : r.preserveOverage();
        reset.createdAt = now;
        resets.persist(reset);
        EntitlementEntity e = entitlements.findById(entitlement.id());
        e.updatedAt = now;
        resetEvents.fire(new EntitlementReset(namespace, entitlement.id(), at));
    }

    private Entitlement create(String namespace, BillingCustomer customer, EntitlementDrafts.Create draft,
            Instant now) {
        List<ValidationError> errors = EntitlementRules.forCreate(draft);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        BillingFeatures.CatalogFeature feature = feature(namespace, draft);
        EntitlementEntity e = newEntitlement(namespace, customer.id(), feature, draft.type(), draft.metadata(),
                EntitlementRules.configText(draft.config()), now, null, now);
        if (draft.usagePeriod() != null) {
            e.usagePeriodInterval = RecurringInterval.iso(draft.usagePeriod().interval()).orElseThrow();
            e.usagePeriodAnchor = draft.usagePeriod().anchor() == null ? Minutes.floor(now)
                    : Minutes.floor(Rfc3339.parse(draft.usagePeriod().anchor()).orElseThrow());
        }
        if (Entitlement.METERED.equals(draft.type())) {
            requireBurnableMeter(namespace, feature);
            e.isSoftLimit = Boolean.TRUE.equals(draft.isSoftLimit());
            e.preserveOverageAtReset = Boolean.TRUE.equals(draft.preserveOverageAtReset());
            e.measureUsageFrom = measureUsageFrom(draft.measureUsageFrom(), e, now);
            EntitlementDrafts.Issue issue = draft.issue() != null ? draft.issue()
                    : draft.issueAfterReset() == null ? null
                    : new EntitlementDrafts.Issue(draft.issueAfterReset(), draft.issueAfterResetPriority());
            if (issue != null) {
                e.issueAfterReset = issue.amount();
                e.issueAfterResetPriority = issue.priority() == null ? 1 : issue.priority();
            }
        }
        insert(e);
        Entitlement entitlement = entitlements.toDomain(e);
        if (entitlement.metered()) {
            issueGrants(entitlement, draft.grants(), now);
        }
        return entitlement;
    }

    /** The fields every entitlement has, whoever makes it; the type's own are set by the caller. */
    private static EntitlementEntity newEntitlement(String namespace, String customerId,
            BillingFeatures.CatalogFeature feature, String type, Map<String, String> metadata, String config,
            Instant activeFrom, Instant activeTo, Instant now) {
        EntitlementEntity e = new EntitlementEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.customerId = customerId;
        e.featureId = feature.id();
        e.featureKey = feature.key();
        e.meterSlug = feature.meterSlug();
        e.meterGroupByFilters = feature.groupFilters() == null ? Map.of() : new TreeMap<>(feature.groupFilters());
        e.type = type;
        e.metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
        e.annotations = Map.of();
        e.config = config;
        e.activeFrom = activeFrom;
        e.activeTo = activeTo;
        e.createdAt = now;
        e.updatedAt = now;
        return e;
    }

    /** Adds the entitlement unless the customer already has one to the feature in force in the same time (409). */
    void insert(EntitlementEntity e) {
        requireNoOverlap(e);
        entitlements.persist(e);
    }

    /** 409 when another entitlement of the customer to the feature is in force at some time this one is. */
    void requireNoOverlap(EntitlementEntity e) {
        entitlements.lock(e.namespace, e.customerId, e.featureKey);
        entitlements.overlapping(e.namespace, e.customerId, e.featureKey, e.activeFrom, e.activeTo).stream()
                .filter(other -> !other.id.equals(e.id)).findFirst().ifPresent(other -> {
                    throw ApiException.conflict("customer " + e.customerId + " already has entitlement " + other.id
                            + " to feature '" + e.featureKey + "' in force from " + other.activeFrom
                            + (other.activeTo == null ? "" : " to " + other.activeTo)
                            + "; delete or override it first");
                });
    }

    /**
     * Adds the entitlement a subscription's plan grants, in force while its phase runs. Its usage periods follow the
     * subscription's billing anchor and its quota is granted from the phase's start, so a trial's quota and the paid
     * phase's each cover exactly their phase.
     */
    Entitlement createForSubscription(SubscriptionEntitlement spec, Instant now) {
        BillingFeatures.CatalogFeature feature = features.findFeature(spec.namespace(), spec.featureKey())
                .orElseThrow(() -> ApiException.conflict("feature '" + spec.featureKey() + "' of the plan is"
                        + " archived: the subscription cannot grant an entitlement to it"));
        EntitlementEntity e = newEntitlement(spec.namespace(), spec.customerId(), feature, spec.type(),
                spec.metadata(), spec.config(), spec.activeFrom(), spec.activeTo(), now);
        e.subscriptionId = spec.subscriptionId();
        e.subscriptionPhaseKey = spec.phaseKey();
        e.subscriptionItemKey = spec.itemKey();
        if (Entitlement.METERED.equals(spec.type())) {
            requireBurnableMeter(spec.namespace(), feature);
            e.usagePeriodInterval = spec.usagePeriod();
            e.usagePeriodAnchor = Minutes.floor(spec.billingAnchor());
            e.measureUsageFrom = Minutes.floor(spec.activeFrom());
            e.isSoftLimit = spec.isSoftLimit();
            e.preserveOverageAtReset = spec.preserveOverageAtReset();
            e.issueAfterReset = spec.issueAfterReset();
            e.issueAfterResetPriority = spec.issueAfterReset() == null ? null
                    : spec.issueAfterResetPriority() == null ? 1 : spec.issueAfterResetPriority();
            spec.thresholds().forEach(t -> e.thresholds.add(Map.of("type", t.type(), "value", t.value())));
        }
        insert(e);
        Entitlement entitlement = entitlements.toDomain(e);
        if (entitlement.metered() && entitlement.issueAfterReset() != null
                && entitlement.issueAfterReset().signum() > 0) {
            issueDefaultGrant(entitlement, entitlement.measureUsageFrom(), now);
        }
        return entitlement;
    }

    /** The default grant of {@code issueAfterReset}, refilled by rollover at each reset, and the inline grants. */
    private void issueGrants(Entitlement entitlement, List<EntitlementDrafts.GrantCreate> inline, Instant now) {
        if (entitlement.issueAfterReset() != null && entitlement.issueAfterReset().signum() > 0) {
            issueDefaultGrant(entitlement, entitlement.usagePeriods().periodAt(now).from(), now);
        }
        if (inline != null) {
            for (EntitlementDrafts.GrantCreate grant : inline) {
                grantService.issue(entitlement, grant, Minutes.floor(Rfc3339.parse(grant.effectiveAt())
                        .orElseThrow()), 0, Map.of(), now);
            }
        }
    }

    /**
     * OpenMeter's default grant: the quota, from the given period start, rolled over to exactly its amount at every
     * reset, so it refills each period without a scheduler.
     */
    private void issueDefaultGrant(Entitlement entitlement, Instant from, Instant now) {
        BigDecimal amount = entitlement.issueAfterReset();
        grantService.issue(entitlement, new EntitlementDrafts.GrantCreate(amount,
                entitlement.issueAfterResetPriority(), null, amount, amount, null, null, null, null),
                from, 1, Map.of("issueAfterReset", true), now);
    }

    private BillingFeatures.CatalogFeature feature(String namespace, EntitlementDrafts.Create draft) {
        String idOrKey = draft.featureId() != null ? draft.featureId() : draft.featureKey();
        return features.findFeature(namespace, idOrKey).orElseThrow(() -> ApiException.notFound(
                "no live feature has " + (draft.featureId() != null ? "id" : "key") + " '" + idOrKey + "'"));
    }

    private void requireBurnableMeter(String namespace, BillingFeatures.CatalogFeature feature) {
        if (feature.meterSlug() == null) {
            throw ApiException.invalid("featureKey", "feature_without_meter", "names feature '"
                    + feature.key() + "', which has no meter: a metered entitlement needs one");
        }
        Meter meter = meters.findLive(namespace, feature.meterSlug()).orElseThrow(() -> ApiException.invalid(
                "featureKey", "feature_without_meter", "featureKey names feature '" + feature.key()
                        + "', whose meter '" + feature.meterSlug() + "' no longer exists"));
        if (!BURNABLE.contains(meter.aggregation())) {
            throw ApiException.invalid("featureKey", "meter_not_burnable", "names feature '"
                    + feature.key() + "', whose meter aggregates by " + meter.aggregation()
                    + "; metered entitlements burn SUM or COUNT meters");
        }
    }

    /** OpenMeter's presets, or a time; floored to the minute. */
    private static Instant measureUsageFrom(String value, EntitlementEntity e, Instant now) {
        if (value == null || EntitlementRules.NOW.equals(value)) {
            return Minutes.floor(now);
        }
        if (EntitlementRules.CURRENT_PERIOD_START.equals(value)) {
            var interval = RecurringInterval.period(e.usagePeriodInterval);
            return Minutes.floor(interval.plus(e.usagePeriodAnchor, interval.index(e.usagePeriodAnchor, now)));
        }
        return Minutes.floor(Rfc3339.parse(value).orElseThrow());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
