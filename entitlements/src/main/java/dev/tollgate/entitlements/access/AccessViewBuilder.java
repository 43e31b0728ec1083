package dev.tollgate.entitlements.access;

import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.entitlements.api.LiveBalance;
import dev.tollgate.entitlements.credit.CreditEngine;
import dev.tollgate.entitlements.credit.CreditGrant;
import dev.tollgate.entitlements.credit.CreditReset;
import dev.tollgate.entitlements.credit.UsagePeriods;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.Grant;
import dev.tollgate.entitlements.domain.Minutes;
import dev.tollgate.entitlements.service.EntitlementUsage;
import dev.tollgate.entitlements.store.EntitlementEntity;
import dev.tollgate.entitlements.store.EntitlementRepository;
import dev.tollgate.entitlements.store.GrantRepository;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.meters.api.MeterUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the access view: every entitlement in force, its credit worked out by the engine at a checkpoint. A whole
 * build reads usage for many customers per ClickHouse query (each customer's own ranges, as attribution stretches); one
 * entitlement changed or past a boundary is worked out on its own.
 */
@ApplicationScoped
public class AccessViewBuilder {

    /** Customers per usage query and per catalog read. */
    static final int CHUNK = 500;
    private static final Instant FOREVER = Instant.ofEpochSecond(4_294_967_295L);

    private final EntitlementRepository entitlements;
    private final GrantRepository grants;
    private final BillingCustomers customers;
    private final MeterUsage usage;
    private final EntitlementUsage entitlementUsage;

    AccessViewBuilder(EntitlementRepository entitlements, GrantRepository grants, BillingCustomers customers,
            MeterUsage usage, EntitlementUsage entitlementUsage) {
        this.entitlements = entitlements;
        this.grants = grants;
        this.customers = customers;
        this.usage = usage;
        this.entitlementUsage = entitlementUsage;
    }

    /** The whole view at the checkpoint, a whole minute. */
    @Transactional
    AccessView.State build(Instant checkpoint) {
        List<Entitlement> all = entitlements.toDomain(entitlements.inForceFrom(checkpoint));
        Map<String, List<Grant>> grantsOf = grants.ofEntitlements(all.stream().filter(Entitlement::metered)
                .map(Entitlement::id).toList());
        // Only the records are kept: the session lets go of the entities read (tens of thousands), so that a build
        // holds little more than the view it makes.
        entitlements.getEntityManager().clear();
        AccessView.State state = new AccessView.State(checkpoint);
        Map<String, List<SubjectAttribution>> subjectsOf = new HashMap<>();
        Map<String, List<String>> customersByNamespace = all.stream().collect(Collectors.groupingBy(
                Entitlement::namespace, Collectors.mapping(Entitlement::customerId, Collectors.toList())));
        customersByNamespace.forEach((namespace, ids) -> readCustomers(state, namespace,
                ids.stream().distinct().toList(), subjectsOf));
        entitlements.getEntityManager().clear();

        Map<String, AccessEntry> entries = state.entries;
        Map<String, Instant> upcoming = state.upcoming;
        List<Entitlement> metered = new ArrayList<>();
        for (Entitlement e : all) {
            String key = AccessView.key(e.namespace(), e.customerId(), e.featureKey());
            if (!e.activeAt(checkpoint)) {
                upcoming.merge(key, e.activeFrom(), (a, b) -> a.isBefore(b) ? a : b);
            } else if (e.metered()) {
                metered.add(e);
            } else {
                entries.put(key, simple(e, current(subjectsOf.get(namespaced(e)), checkpoint), checkpoint));
            }
        }
        Map<String, CreditEngine.Run> runs = runAll(metered, grantsOf, subjectsOf, checkpoint);
        for (Entitlement e : metered) {
            entries.put(AccessView.key(e.namespace(), e.customerId(), e.featureKey()), meteredEntry(e,
                    credits(grantsOf.get(e.id())), runs.get(e.id()), current(subjectsOf.get(namespaced(e)),
                            checkpoint), checkpoint, BigDecimal.ZERO));
        }
        return state;
    }

    /** When the customer's next entitlement to the feature starts, if one starts after {@code now}. */
    @Transactional
    Optional<Instant> nextStart(String namespace, String customerId, String featureKey, Instant now) {
        return entitlements.overlapping(namespace, customerId, featureKey, now, null).stream()
                .map(e -> e.activeFrom).filter(from -> from.isAfter(now)).findFirst();
    }

    /**
     * The entry of the customer's entitlement to the feature in force now, worked out on its own at the start of the
     * minute (never before the view's checkpoint); empty when none is in force.
     */
    @Transactional
    Optional<AccessEntry> entryNow(AccessView.State state, String namespace, String customerId, String featureKey,
            Instant now) {
        Instant minute = Minutes.floor(now);
        Instant at = minute.isBefore(state.checkpoint) ? state.checkpoint : minute;
        Optional<EntitlementEntity> found = entitlements.activeAt(namespace, customerId, featureKey, now);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Entitlement e = entitlements.toDomain(found.get());
        List<SubjectAttribution> attributions = customers.attributions(namespace, List.of(customerId),
                state.checkpoint, FOREVER).getOrDefault(customerId, List.of());
        List<String> subjects = current(attributions, at);
        if (!e.metered()) {
            return Optional.of(simple(e, subjects, at));
        }
        List<CreditGrant> credits = credits(grants.ofEntitlement(e.id()));
        CreditEngine.Run run = CreditEngine.run(e.measureUsageFrom(), at, credits,
                e.usagePeriods().resetsBetween(e.measureUsageFrom(), at), entitlementUsage.of(e));
        BigDecimal before = BigDecimal.ZERO;
        if (at.isAfter(state.checkpoint) && !attributions.isEmpty()) {
            before = usage.totals(new MeterUsage.Selection(namespace, e.meterSlug(), e.meterGroupByFilters(),
                    state.checkpoint, at), Map.of(customerId, attributions)).getOrDefault(customerId,
                    BigDecimal.ZERO);
        }
        return Optional.of(meteredEntry(e, credits, run, subjects, at, before));
    }

    /**
     * Which (namespace, customer, feature) keys the entitlements and grants changed since the instant touch, each with
     * its latest change.
     */
    @Transactional
    Map<String, Instant> changedSince(Instant since) {
        Map<String, Instant> changed = new HashMap<>();
        Map<String, EntitlementEntity> byId = new HashMap<>();
        for (EntitlementEntity e : entitlements.changedSince(since)) {
            byId.put(e.id, e);
            changed.merge(AccessView.key(e.namespace, e.customerId, e.featureKey), e.updatedAt,
                    AccessViewBuilder::later);
        }
        Map<String, Instant> viaGrants = grants.entitlementsChangedSince(since);
        List<String> missing = viaGrants.keySet().stream().filter(id -> !byId.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            entitlements.byIds(missing).forEach(e -> byId.put(e.id, e));
        }
        viaGrants.forEach((id, at) -> {
            EntitlementEntity e = byId.get(id);
            if (e != null) {
                changed.merge(AccessView.key(e.namespace, e.customerId, e.featureKey), at, AccessViewBuilder::later);
            }
        });
        return changed;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Runs the engine for many entitlements, reading each round of ranges for many customers per query. */
    private Map<String, CreditEngine.Run> runAll(List<Entitlement> metered, Map<String, List<Grant>> grantsOf,
            Map<String, List<SubjectAttribution>> subjectsOf, Instant checkpoint) {
        Map<String, List<Instant>> boundaries = new HashMap<>();
        Map<String, List<CreditReset>> resets = new HashMap<>();
        Map<String, List<BigDecimal>> usages = new HashMap<>();
        for (Entitlement e : metered) {
            List<CreditReset> r = e.usagePeriods().resetsBetween(e.measureUsageFrom(), checkpoint);
            resets.put(e.id(), r);
            boundaries.put(e.id(), e.measureUsageFrom().isAfter(checkpoint) ? List.of()
                    : CreditEngine.boundaries(e.measureUsageFrom(), checkpoint, credits(grantsOf.get(e.id())),
                            r.stream().map(CreditReset::at).toList()));
        }
        Map<String, List<Entitlement>> byFeature = metered.stream().collect(Collectors.groupingBy(
                e -> e.namespace() + '\0' + e.featureKey()));
        for (List<Entitlement> group : byFeature.values()) {
            int rounds = group.stream().mapToInt(e -> Math.max(0, boundaries.get(e.id()).size() - 1)).max()
                    .orElse(0);
            for (int round = 0; round < rounds; round++) {
                readRound(group, round, boundaries, subjectsOf, usages);
            }
        }
        Map<String, CreditEngine.Run> runs = new HashMap<>();
        for (Entitlement e : metered) {
            List<BigDecimal> read = usages.getOrDefault(e.id(), List.of());
            runs.put(e.id(), CreditEngine.run(e.measureUsageFrom(), checkpoint, credits(grantsOf.get(e.id())),
                    resets.get(e.id()), b -> padded(read, b.size() - 1)));
        }
        return runs;
    }

    /** The usage of range {@code round} of every entitlement in the group that has one, many customers per query. */
    private void readRound(List<Entitlement> group, int round, Map<String, List<Instant>> boundaries,
            Map<String, List<SubjectAttribution>> subjectsOf, Map<String, List<BigDecimal>> usages) {
        List<Entitlement> inRound = group.stream().filter(e -> boundaries.get(e.id()).size() - 1 > round)
                .toList();
        for (int start = 0; start < inRound.size(); start += CHUNK) {
            List<Entitlement> chunk = inRound.subList(start, Math.min(inRound.size(), start + CHUNK));
            Map<String, List<SubjectAttribution>> ranges = new HashMap<>();
            Instant from = null;
            Instant to = null;
            for (Entitlement e : chunk) {
                Instant a = boundaries.get(e.id()).get(round);
                Instant b = boundaries.get(e.id()).get(round + 1);
                List<SubjectAttribution> clipped = clip(subjectsOf.getOrDefault(namespaced(e), List.of()), a, b);
                if (!clipped.isEmpty()) {
                    ranges.put(e.customerId(), clipped);
                    from = from == null || a.isBefore(from) ? a : from;
                    to = to == null || b.isAfter(to) ? b : to;
                }
            }
            Map<String, BigDecimal> totals = ranges.isEmpty() ? Map.of() : usage.totals(new MeterUsage.Selection(
                    chunk.get(0).namespace(), chunk.get(0).meterSlug(), chunk.get(0).meterGroupByFilters(), from, to),
                    ranges);
            for (Entitlement e : chunk) {
                usages.computeIfAbsent(e.id(), id -> new ArrayList<>())
                        .add(totals.getOrDefault(e.customerId(), BigDecimal.ZERO));
            }
        }
    }

    private void readCustomers(AccessView.State state, String namespace, List<String> ids,
            Map<String, List<SubjectAttribution>> subjectsOf) {
        for (int start = 0; start < ids.size(); start += CHUNK) {
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
            Map<String, List<SubjectAttribution>> stretches = customers.attributions(namespace, chunk, Instant.EPOCH,
                    FOREVER);
            stretches.forEach((customerId, held) -> subjectsOf.put(namespace + '\0' + customerId, held));
            customers.byIds(namespace, chunk).values().forEach(c -> state.putCustomer(namespace, c.id(), c.key(),
                    current(stretches.get(c.id()), state.checkpoint), c.deletedAt() == null));
        }
    }

    /** Makes the view know the customer by its id, key and subjects as they are now, or forget it if deleted. */
    @Transactional
    void refreshCustomer(AccessView.State state, String namespace, String customerId, Instant now) {
        BillingCustomer c = customers.byIds(namespace, List.of(customerId)).get(customerId);
        List<String> subjects = c == null ? List.of() : current(customers.attributions(namespace, List.of(customerId),
                now, FOREVER).get(customerId), now);
        state.putCustomer(namespace, customerId, c == null ? null : c.key(), subjects,
                c != null && c.deletedAt() == null);
    }

    /** Customers created, changed or deleted at or after the instant, by any process: key to when. */
    Map<String, Instant> customersChangedSince(Instant since) {
        Map<String, Instant> changed = new HashMap<>();
        customers.changedSince(since).forEach(c -> changed.merge(AccessView.subjectKey(c.namespace(), c.customerId()),
                c.changedAt(), AccessViewBuilder::later));
        return changed;
    }

    private static AccessEntry simple(Entitlement e, List<String> subjects, Instant at) {
        return new AccessEntry(e.namespace(), e.customerId(), e.featureKey(), e.id(), e.type(), false, e.config(),
                null, subjects, at, null, BigDecimal.ZERO, null, null, null, e.endsAt(), null, List.of());
    }

    private static AccessEntry meteredEntry(Entitlement e, List<CreditGrant> credits, CreditEngine.Run run,
            List<String> subjects, Instant at, BigDecimal usageBeforeAt) {
        UsagePeriods periods = e.usagePeriods();
        UsagePeriods.Period period = periods.periodAt(at);
        return new AccessEntry(e.namespace(), e.customerId(), e.featureKey(), e.id(), e.type(), e.isSoftLimit(),
                null, new AccessEntry.UsageKey(e.namespace(), e.meterSlug(), e.meterGroupByFilters()), subjects, at,
                run.balance().balance(), usageBeforeAt, run.balance().totalAvailableGrantAmount(), period.from(),
                period.to(), nextChange(e, credits, period, at), run.balance().usageInPeriod(),
                e.thresholds().stream().map(t -> new LiveBalance.PlanThreshold(t.type(), t.value())).toList());
    }

    /** The first instant after {@code at} where the entry's answer changes other than by usage. */
    static Instant nextChange(Entitlement e, List<CreditGrant> credits, UsagePeriods.Period period, Instant at) {
        Instant next = earliest(e.endsAt(), at.isBefore(e.measureUsageFrom()) ? e.measureUsageFrom() : period.to(),
                at);
        for (CreditGrant g : credits) {
            next = earliest(next, g.effectiveAt(), at);
            next = earliest(next, g.activeUntil(), at);
            if (g.recurrence() != null) {
                var interval = g.recurrence().interval();
                long k = interval.index(g.recurrence().anchor(), at);
                next = earliest(next, interval.plus(g.recurrence().anchor(), k + 1), at);
            }
        }
        return next;
    }

    private static Instant earliest(Instant a, Instant b, Instant after) {
        Instant candidate = b != null && b.isAfter(after) ? b : null;
        if (a == null) {
            return candidate;
        }
        return candidate == null || a.isBefore(candidate) ? a : candidate;
    }

    private static List<CreditGrant> credits(List<Grant> grants) {
        return grants == null ? List.of() : grants.stream().map(Grant::toCredit).toList();
    }

    private static List<BigDecimal> padded(List<BigDecimal> read, int size) {
        List<BigDecimal> result = new ArrayList<>(read);
        while (result.size() < size) {
            result.add(BigDecimal.ZERO);
        }
        return result;
    }

    private static List<SubjectAttribution> clip(List<SubjectAttribution> stretches, Instant from, Instant to) {
        List<SubjectAttribution> clipped = new ArrayList<>();
        for (SubjectAttribution s : stretches) {
            Instant a = s.from().isAfter(from) ? s.from() : from;
            Instant b = s.to().isBefore(to) ? s.to() : to;
            if (a.isBefore(b)) {
                clipped.add(new SubjectAttribution(s.subject(), a, b));
            }
        }
        return clipped;
    }

    /** The subjects the customer holds at the instant. */
    private static List<String> current(List<SubjectAttribution> stretches, Instant at) {
        if (stretches == null) {
            return List.of();
        }
        return stretches.stream().filter(s -> !s.from().isAfter(at) && s.to().isAfter(at))
                .map(SubjectAttribution::subject).distinct().toList();
    }

    private static String namespaced(Entitlement e) {
        return e.namespace() + '\0' + e.customerId();
    }
}
