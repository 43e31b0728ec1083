package dev.tollgate.entitlements.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.EntitlementDrafts;
import dev.tollgate.entitlements.domain.EntitlementRules;
import dev.tollgate.entitlements.domain.Grant;
import dev.tollgate.entitlements.domain.Minutes;
import dev.tollgate.entitlements.domain.RecurringInterval;
import dev.tollgate.entitlements.store.GrantEntity;
import dev.tollgate.entitlements.store.GrantRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grants, as in OpenMeter: made on metered entitlements, never changed, voided from a time on. A grant may take effect
 * in the past within the current usage period (the period's balances are recomputed with it) or in the future.
 */
@ApplicationScoped
public class GrantService {

    private final GrantRepository grants;
    private final EntitlementLookup lookup;
    private final Clock clock;

    GrantService(GrantRepository grants, EntitlementLookup lookup, Clock clock) {
        this.grants = grants;
        this.lookup = lookup;
        this.clock = clock;
    }

    @Transactional
    public Grant create(String namespace, String customerIdOrKey, String entitlementIdOrFeatureKey,
            EntitlementDrafts.GrantCreate draft) {
        List<ValidationError> errors = EntitlementRules.forGrant(draft, "");
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Instant now = now();
        Entitlement entitlement = lookup.find(namespace, customerIdOrKey, entitlementIdOrFeatureKey, now);
        if (!entitlement.metered()) {
            throw ApiException.invalid("entitlementIdOrFeatureKey", "wrong_type", "entitlementIdOrFeatureKey"
                    + " names a " + entitlement.type() + " entitlement; only metered entitlements have grants");
        }
        lookup.requireNotManaged(entitlement, "its grants");
        Instant effectiveAt = Minutes.floor(Rfc3339.parse(draft.effectiveAt()).orElseThrow());
        Instant periodStart = entitlement.usagePeriods().periodAt(now).from();
        if (effectiveAt.isBefore(periodStart)) {
            throw ApiException.invalid("effectiveAt", "before_current_period", "must not be before the"
                    + " start of the current usage period, " + periodStart);
        }
        return issue(entitlement, draft, effectiveAt, 0, Map.of(), now);
    }

    /**
     * Stores a valid grant.
     *
     * @param defaultPriority the priority when the draft has none: 0 for a grant made over the API, as in OpenMeter
     */
    Grant issue(Entitlement entitlement, EntitlementDrafts.GrantCreate draft, Instant effectiveAt,
            int defaultPriority, Map<String, Object> annotations, Instant now) {
        GrantEntity g = new GrantEntity();
        g.id = UlidCreator.getMonotonicUlid().toString();
        g.namespace = entitlement.namespace();
        g.entitlementId = entitlement.id();
        g.amount = draft.amount();
        g.priority = draft.priority() == null ? defaultPriority : draft.priority();
        g.effectiveAt = effectiveAt;
        if (draft.expiration() != null) {
            g.expirationDuration = draft.expiration().duration().toUpperCase(Locale.ROOT);
            g.expirationCount = draft.expiration().count();
            g.expiresAt = expiry(effectiveAt, g.expirationDuration, g.expirationCount);
        }
        if (draft.recurrence() != null) {
            g.recurrenceInterval = RecurringInterval.iso(draft.recurrence().interval()).orElseThrow();
            g.recurrenceAnchor = draft.recurrence().anchor() == null ? effectiveAt
                    : Minutes.floor(Rfc3339.parse(draft.recurrence().anchor()).orElseThrow());
        }
        g.minRolloverAmount = draft.minRolloverAmount() == null ? java.math.BigDecimal.ZERO
                : draft.minRolloverAmount();
        g.maxRolloverAmount = draft.maxRolloverAmount() == null ? draft.amount() : draft.maxRolloverAmount();
        g.metadata = draft.metadata() == null ? Map.of() : new TreeMap<>(draft.metadata());
        TreeMap<String, Object> allAnnotations = new TreeMap<>(annotations);
        if (draft.annotations() != null) {
            allAnnotations.putAll(draft.annotations());
        }
        g.annotations = allAnnotations;
        g.createdAt = now;
        g.updatedAt = now;
        grants.persist(g);
        return GrantRepository.toDomain(g);
    }

    @Transactional
    public Paging.Page<Grant> list(String namespace, String customerIdOrKey, String entitlementIdOrFeatureKey,
            boolean includeDeleted, String orderBy, boolean descending, Paging paging) {
        Entitlement entitlement = lookup.find(namespace, customerIdOrKey, entitlementIdOrFeatureKey, now());
        return grants.search(namespace, new GrantRepository.GrantFilter(List.of(entitlement.id()), null, null,
                includeDeleted, orderBy, descending), paging);
    }

    @Transactional
    public Paging.Page<Grant> listAll(String namespace, List<String> customerIdsOrKeys, List<String> featureKeys,
            boolean includeDeleted, String orderBy, boolean descending, Paging paging) {
        List<String> customerIds = customerIdsOrKeys == null ? null : lookup.customerIds(namespace,
                customerIdsOrKeys);
        return grants.search(namespace, new GrantRepository.GrantFilter(null, customerIds, featureKeys,
                includeDeleted, orderBy, descending), paging);
    }

    /**
     * OpenMeter's void: from {@code at} (default now) the grant counts no more; what it covered before stays covered.
     */
    @Transactional
    public void voidGrant(String namespace, String grantId, String at) {
        Instant now = now();
        Instant voidAt = now;
        if (at != null) {
            voidAt = Rfc3339.parse(at).orElseThrow(() -> ApiException.invalid("at", "invalid",
                    "must be an RFC 3339 time, not '" + at + "'"));
        }
        GrantEntity g = grants.findInNamespace(namespace, grantId).orElseThrow(() -> ApiException.notFound(
                "no grant has id '" + grantId + "'"));
        if (g.voidedAt != null) {
            throw ApiException.invalid("grantId", "already_voided", "names a grant voided at "
                    + g.voidedAt);
        }
        if (voidAt.isAfter(now)) {
            throw ApiException.invalid("at", "in_future", "must not be in the future");
        }
        voidAt = Minutes.floor(voidAt);
        Entitlement entitlement = lookup.byId(namespace, g.entitlementId);
        lookup.requireNotManaged(entitlement, "its grants");
        Instant periodStart = entitlement.usagePeriods().periodAt(now).from();
        if (voidAt.isBefore(periodStart)) {
            throw ApiException.invalid("at", "before_current_period", "must not be before the start of the"
                    + " current usage period, " + periodStart);
        }
        g.voidedAt = voidAt;
        g.updatedAt = now;
    }

    /** Its effective time plus count units; months past a month's end clamp to it (Jan 31 + 1 month = Feb 28). */
    static Instant expiry(Instant effectiveAt, String unit, int count) {
        ZonedDateTime start = ZonedDateTime.ofInstant(effectiveAt, ZoneOffset.UTC);
        ZonedDateTime result = switch (unit) {
            case "HOUR" -> start.plus(count, ChronoUnit.HOURS);
            case "DAY" -> start.plusDays(count);
            case "WEEK" -> start.plusWeeks(count);
            case "MONTH" -> start.plusMonths(count);
            case "YEAR" -> start.plusYears(count);
            default -> throw new IllegalArgumentException("expiration unit " + unit);
        };
        return result.toInstant();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
