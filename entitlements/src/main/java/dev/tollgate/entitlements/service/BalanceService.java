package dev.tollgate.entitlements.service;

import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.entitlements.credit.BalanceSegment;
import dev.tollgate.entitlements.credit.CreditEngine;
import dev.tollgate.entitlements.credit.CreditGrant;
import dev.tollgate.entitlements.credit.UsagePeriods;
import dev.tollgate.entitlements.domain.BalanceHistory;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.EntitlementQuery;
import dev.tollgate.entitlements.domain.EntitlementValue;
import dev.tollgate.entitlements.domain.Grant;
import dev.tollgate.entitlements.domain.HistoryWindows;
import dev.tollgate.entitlements.domain.Minutes;
import dev.tollgate.entitlements.store.EntitlementRepository;
import dev.tollgate.entitlements.store.GrantRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Balances, values and history: the credit engine run over the entitlement's grants, resets and metered usage at the
 * moment of asking. Nothing is cached here, so every answer includes late events and backdated grants.
 */
@ApplicationScoped
public class BalanceService {

    private final EntitlementLookup lookup;
    private final EntitlementRepository entitlements;
    private final GrantRepository grants;
    private final EntitlementUsage usage;
    private final Clock clock;

    BalanceService(EntitlementLookup lookup, EntitlementRepository entitlements, GrantRepository grants,
            EntitlementUsage usage, Clock clock) {
        this.lookup = lookup;
        this.entitlements = entitlements;
        this.grants = grants;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * The value at {@code time} (default now). An entitlement not found or not in force then has no access: OpenMeter
     * answers 200 with {@code hasAccess: false} rather than 404.
     */
    @Transactional
    public EntitlementValue value(String namespace, String customerIdOrKey, String idOrFeatureKey, Instant time) {
        Instant at = time == null ? clock.instant() : time;
        Optional<Entitlement> entitlement = lookup.findAt(namespace, customerIdOrKey, idOrFeatureKey, at);
        return entitlement.filter(e -> e.activeAt(at)).map(e -> valueOf(e, at)).orElse(EntitlementValue.NO_ACCESS);
    }

    /** Every entitlement in force now, by feature key: OpenMeter's {@code /api/v1/customers/{id}/access}. */
    @Transactional
    public Map<String, EntitlementValue> access(String namespace, String customerIdOrKey) {
        BillingCustomer customer = lookup.customer(namespace, customerIdOrKey);
        Instant now = clock.instant();
        Map<String, EntitlementValue> values = new LinkedHashMap<>();
        List<Entitlement> inForce = entitlements.toDomain(entitlements.search(namespace, new EntitlementQuery(
                List.of(customer.id()), null, null, now, false, "createdAt", false,
                new Paging(1, Paging.MAX_PAGE_SIZE))).items());
        for (Entitlement e : inForce) {
            values.put(e.featureKey(), valueOf(e, now));
        }
        return values;
    }

    public EntitlementValue valueOf(Entitlement e, Instant at) {
        return switch (e.type()) {
            case Entitlement.BOOLEAN -> EntitlementValue.access(null);
            case Entitlement.STATIC -> EntitlementValue.access(e.config());
            default -> meteredValue(e, at);
        };
    }

    private EntitlementValue meteredValue(Entitlement e, Instant at) {
        var balance = run(e, Minutes.ceil(at), List.of()).balance();
        BigDecimal left = balance.balance();
        return new EntitlementValue(e.isSoftLimit() || left.signum() > 0, left, balance.usageInPeriod(),
                balance.overage(), balance.totalAvailableGrantAmount(), null);
    }

    /**
     * OpenMeter's history: windows of {@code windowSize} in the zone from {@code from} (default the last reset) to
     * {@code to} (default now), each with its usage and its balance at start, and the burn-down segments. Unlike
     * OpenMeter's, each window's balance at start is the engine's exact balance at that instant, and a window that
     * begins before measurement starts is kept, counting usage from measureUsageFrom on.
     */
    @Transactional
    public BalanceHistory history(String namespace, String customerIdOrKey, String idOrFeatureKey, Instant from,
            Instant to, String windowSize, ZoneId zone) {
        Instant now = clock.instant();
        Entitlement e = lookup.find(namespace, customerIdOrKey, idOrFeatureKey, now);
        if (!e.metered()) {
            throw ApiException.invalid("entitlementIdOrFeatureKey", "wrong_type", "names"
                    + " a " + e.type() + " entitlement; only metered entitlements have a history");
        }
        UsagePeriods periods = e.usagePeriods();
        Instant start = from == null ? periods.lastManualReset() : Minutes.floor(from);
        Instant end = Minutes.ceil(to == null ? now : to);
        if (start.isBefore(e.measureUsageFrom())) {
            throw ApiException.invalid("from", "before_measurement", "must not be before the entitlement's"
                    + " measureUsageFrom, " + e.measureUsageFrom());
        }
        if (!start.isBefore(end)) {
            throw ApiException.invalid("to", "invalid", "must be after from");
        }
        List<Instant> windowStarts = HistoryWindows.starts(start, end, windowSize, zone);
        if (windowStarts.size() > HistoryWindows.MAX_WINDOWS) {
            throw ApiException.invalid("windowSize", "too_many_windows", "makes more than "
                    + HistoryWindows.MAX_WINDOWS + " windows between from and to; choose a larger one");
        }
        Instant first = windowStarts.get(0).isBefore(e.measureUsageFrom()) ? e.measureUsageFrom()
                : windowStarts.get(0);
        CreditEngine.Run run = run(e, end, windowStarts);
        List<BalanceSegment> burndown = new ArrayList<>();
        for (BalanceSegment segment : run.segments()) {
            if (!segment.from().isBefore(first)) {
                burndown.add(segment);
            }
        }
        List<BalanceHistory.Window> windows = new ArrayList<>();
        for (int i = 0; i < windowStarts.size(); i++) {
            Instant windowFrom = windowStarts.get(i);
            Instant windowTo = HistoryWindows.end(windowFrom, windowSize, zone);
            BigDecimal windowUsage = BigDecimal.ZERO;
            BigDecimal balanceAtStart = null;
            for (BalanceSegment segment : burndown) {
                if (!segment.from().isBefore(windowFrom) && segment.from().isBefore(windowTo)) {
                    windowUsage = windowUsage.add(segment.usage());
                    if (balanceAtStart == null) {
                        balanceAtStart = segment.balanceAtStart();
                    }
                }
            }
            windows.add(new BalanceHistory.Window(windowFrom, windowTo, windowUsage,
                    balanceAtStart == null ? run.balance().balance() : balanceAtStart));
        }
        return new BalanceHistory(windows, BalanceSegment.merged(burndown));
    }

    private CreditEngine.Run run(Entitlement e, Instant until, List<Instant> cuts) {
        List<CreditGrant> credits = grants.ofEntitlement(e.id()).stream().map(Grant::toCredit).toList();
        UsagePeriods periods = e.usagePeriods();
        return CreditEngine.run(e.measureUsageFrom(), until, credits,
                periods.resetsBetween(e.measureUsageFrom(), until), cuts, usage.of(e));
    }
}
