package dev.tollgate.entitlements.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * OpenMeter's credit engine, exact and pure: grants, resets and a usage function in; the balance at an instant and the
 * burn-down that led to it out. Nothing is stored; the same inputs always give the same answer, so a backdated grant or
 * a late event simply changes the next run's answer.
 *
 * <p>At every instant where something changes, in this order:
 * <ol>
 *   <li>a reset rolls each active grant's balance into its bounds, starts the period's usage again and forgives the
 *       overage unless the reset preserves it;</li>
 *   <li>a recurring grant whose occurrence falls here is refilled to its amount;</li>
 *   <li>a grant that takes effect here starts with its amount;</li>
 *   <li>a grant no longer active (expired, voided, ended) drops to zero;</li>
 *   <li>outstanding overage is paid from what balance there is, in burn order.</li>
 * </ol>
 * Between such instants, usage burns the grants in {@link CreditGrant#BURN_ORDER}; what no grant covers is overage.
 * Burning in order is additive (burning x then y equals burning x + y), so a whole segment burns at once and the
 * answer equals a minute-by-minute replay, which the property test checks.
 */
public final class CreditEngine {

    private CreditEngine() {
    }

    /** The burn-down from {@code start} up to and including the changes at {@code until}. */
    public record Run(CreditBalance balance, List<BalanceSegment> segments) {
    }

    /**
     * @param start when usage starts to count (the entitlement's {@code measureUsageFrom}); a whole minute
     * @param until a whole minute; before {@code start} the answer is empty
     * @param resets resets in any order; only those in (start, until] matter
     */
    public static Run run(Instant start, Instant until, List<CreditGrant> grants, List<CreditReset> resets,
            UsageSource usage) {
        return run(start, until, grants, resets, List.of(), usage);
    }

    /**
     * The same, with segments also cut at the given instants (such as the starts of history windows), so that the
     * balance at each is read off a segment's start. A segment that starts at such a cut only is marked continued.
     */
    public static Run run(Instant start, Instant until, List<CreditGrant> grants, List<CreditReset> resets,
            List<Instant> cuts, UsageSource usage) {
        if (until.isBefore(start)) {
            return new Run(new CreditBalance(until, Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    start), List.of());
        }
        Map<Instant, CreditReset> resetsByTime = new TreeMap<>();
        for (CreditReset reset : resets) {
            if (reset.at().isAfter(start) && !reset.at().isAfter(until)) {
                resetsByTime.put(reset.at(), reset);
            }
        }
        List<Instant> changes = boundaries(start, until, grants, resetsByTime.keySet());
        TreeSet<Instant> all = new TreeSet<>(changes);
        cuts.stream().filter(cut -> cut.isAfter(start) && cut.isBefore(until)).forEach(all::add);
        List<Instant> boundaries = new ArrayList<>(all);
        Set<Instant> changeSet = new HashSet<>(changes);
        List<BigDecimal> usages = boundaries.size() > 1 ? usage.between(boundaries) : List.of();

        Burndown burndown = new Burndown(grants, start);
        List<BalanceSegment> segments = new ArrayList<>();
        for (int i = 0; i + 1 < boundaries.size(); i++) {
            Instant from = boundaries.get(i);
            boolean reset = i > 0 && burndown.changeAt(from, resetsByTime.get(from));
            segments.add(burndown.burn(from, boundaries.get(i + 1), usages.get(i), reset,
                    i > 0 && !changeSet.contains(from)));
        }
        if (until.isAfter(start)) {
            burndown.changeAt(until, resetsByTime.get(until));
        }
        return new Run(burndown.balanceAt(until), Collections.unmodifiableList(segments));
    }

    /** Every instant in [start, until] where the grants in force, their balances' rules or the period change. */
    public static List<Instant> boundaries(Instant start, Instant until, List<CreditGrant> grants,
            Collection<Instant> resets) {
        TreeSet<Instant> instants = new TreeSet<>(resets);
        instants.add(start);
        instants.add(until);
        for (CreditGrant grant : grants) {
            instants.add(grant.effectiveAt());
            if (grant.activeUntil() != null) {
                instants.add(grant.activeUntil());
            }
            addRecurrences(instants, grant, start, until);
        }
        return new ArrayList<>(instants.subSet(start, true, until, true));
    }

    private static void addRecurrences(TreeSet<Instant> instants, CreditGrant grant, Instant start, Instant until) {
        if (grant.recurrence() == null) {
            return;
        }
        Instant from = grant.effectiveAt().isAfter(start) ? grant.effectiveAt() : start;
        Instant to = grant.activeUntil() == null || until.isBefore(grant.activeUntil()) ? until : grant.activeUntil();
        var interval = grant.recurrence().interval();
        Instant anchor = grant.recurrence().anchor();
        for (long k = interval.index(anchor, from); ; k++) {
            Instant occurrence = interval.plus(anchor, k);
            if (occurrence.isAfter(to)) {
                return;
            }
            if (occurrence.isAfter(from)) {
                instants.add(occurrence);
            }
        }
    }

    /** The running state of one replay. */
    private static final class Burndown {

        private final List<CreditGrant> grants;
        private final Map<String, BigDecimal> balances = new LinkedHashMap<>();
        private BigDecimal overage = BigDecimal.ZERO;
        private BigDecimal usageInPeriod = BigDecimal.ZERO;
        private BigDecimal grantUsageInPeriod = BigDecimal.ZERO;
        private Instant periodStart;

        Burndown(List<CreditGrant> grants, Instant start) {
            this.grants = grants.stream().sorted(CreditGrant.BURN_ORDER).toList();
            this.periodStart = start;
            for (CreditGrant grant : this.grants) {
                balances.put(grant.id(), grant.activeAt(start) ? grant.amount() : BigDecimal.ZERO);
            }
        }

        /** Applies the changes at an instant after the start; answers whether a reset was among them. */
        boolean changeAt(Instant at, CreditReset reset) {
            if (reset != null) {
                for (CreditGrant grant : grants) {
                    if (grant.activeAt(at)) {
                        balances.put(grant.id(), grant.rollover(balances.get(grant.id())));
                    }
                }
                usageInPeriod = BigDecimal.ZERO;
                grantUsageInPeriod = BigDecimal.ZERO;
                periodStart = at;
                if (!reset.preserveOverage()) {
                    overage = BigDecimal.ZERO;
                }
            }
            for (CreditGrant grant : grants) {
                if (!grant.activeAt(at)) {
                    balances.put(grant.id(), BigDecimal.ZERO);
                } else if (grant.recursAt(at) || grant.effectiveAt().equals(at)) {
                    balances.put(grant.id(), grant.amount());
                }
            }
            Map<String, BigDecimal> paid = take(overage);
            BigDecimal total = Amounts.sum(paid.values());
            overage = overage.subtract(total);
            grantUsageInPeriod = grantUsageInPeriod.add(total);
            return reset != null;
        }

        BalanceSegment burn(Instant from, Instant to, BigDecimal usage, boolean reset, boolean continued) {
            Map<String, BigDecimal> atStart = activeBalances(from);
            BigDecimal overageAtStart = overage;
            Map<String, BigDecimal> taken = take(usage);
            BigDecimal covered = Amounts.sum(taken.values());
            overage = overage.add(usage.subtract(covered));
            usageInPeriod = usageInPeriod.add(usage);
            grantUsageInPeriod = grantUsageInPeriod.add(covered);
            return new BalanceSegment(from, to, usage, overageAtStart, overage, atStart, taken, reset, continued);
        }

        CreditBalance balanceAt(Instant at) {
            return new CreditBalance(at, activeBalances(at), overage, usageInPeriod, grantUsageInPeriod,
                    periodStart);
        }

        /** Takes up to {@code amount} from the balances in burn order; answers what it took from each grant. */
        private Map<String, BigDecimal> take(BigDecimal amount) {
            Map<String, BigDecimal> taken = new LinkedHashMap<>();
            BigDecimal left = amount;
            for (CreditGrant grant : grants) {
                if (left.signum() <= 0) {
                    break;
                }
                BigDecimal balance = balances.get(grant.id());
                if (balance.signum() > 0) {
                    BigDecimal part = balance.min(left);
                    balances.put(grant.id(), balance.subtract(part));
                    taken.put(grant.id(), part);
                    left = left.subtract(part);
                }
            }
            return Collections.unmodifiableMap(taken);
        }

        private Map<String, BigDecimal> activeBalances(Instant at) {
            Map<String, BigDecimal> active = new LinkedHashMap<>();
            for (CreditGrant grant : grants) {
                if (grant.activeAt(at)) {
                    active.put(grant.id(), balances.get(grant.id()));
                }
            }
            return Collections.unmodifiableMap(active);
        }
    }
}
