package dev.tollgate.entitlements.credit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The credit engine against a plain minute-by-minute simulation written here, which shares none of the engine's
 * classes and counts time in minutes with integer arithmetic. Random grants (priorities, expiries, recurrences,
 * rollover bounds, voids), random usage, period resets and manual resets; the value and every history segment must
 * agree exactly.
 */
class CreditEnginePropertyTest {

    private static final long SEED = Long.getLong("tollgate.seed", System.nanoTime());
    private static final int CASES = 600;
    private static final int HORIZON = 3 * 24 * 60;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A grant in minutes since T0; -1 where a time is absent. */
    record SimGrant(String id, BigDecimal amount, int priority, int effective, int expires, int voided,
            int recurEveryHours, int recurAnchor, BigDecimal min, BigDecimal max, int created) {

        int end() {
            if (expires < 0) {
                return voided;
            }
            return voided < 0 ? expires : Math.min(expires, voided);
        }

        boolean active(int m) {
            return m >= effective && (end() < 0 || m < end());
        }
    }

    record SimReset(int at, boolean retainAnchor, boolean preserve) {
    }

    record Scenario(int start, int periodHours, int anchor, boolean preserve, List<SimReset> resets,
            List<SimGrant> grants, BigDecimal[] usage, int query) {
    }

    /** The oracle's state after the changes at a minute (and before that minute's usage), and just before them. */
    record State(Map<String, BigDecimal> balances, BigDecimal overage, BigDecimal usageInPeriod,
            BigDecimal grantUsageInPeriod, int periodStart) {
    }

    @Test
    void engineAgreesWithMinuteByMinuteReplay() {
        System.out.println("CreditEnginePropertyTest seed: " + SEED + " (rerun with -Dtollgate.seed=" + SEED + ")");
        Random random = new Random(SEED);
        for (int run = 0; run < CASES; run++) {
            Scenario scenario = scenario(random);
            String context = "seed " + SEED + ", case " + run + ": " + describe(scenario);
            Oracle oracle = new Oracle(scenario);
            CreditEngine.Run result = engine(scenario);

            State expected = oracle.after[scenario.query()];
            CreditBalance balance = result.balance();
            assertThat(normalized(balance.grantBalances())).as(context).isEqualTo(activeOnly(expected.balances(),
                    scenario, scenario.query()));
            assertThat(balance.overage()).as(context).isEqualByComparingTo(expected.overage());
            assertThat(balance.usageInPeriod()).as(context).isEqualByComparingTo(expected.usageInPeriod());
            assertThat(balance.grantUsageInPeriod()).as(context)
                    .isEqualByComparingTo(expected.grantUsageInPeriod());
            assertThat(balance.periodStart()).as(context).isEqualTo(minute(expected.periodStart()));
            assertThat(periods(scenario).periodAt(minute(scenario.query())).from()).as(context)
                    .isEqualTo(minute(expected.periodStart()));
            assertThat(balance.overage().signum() == 0 || balance.balance().signum() == 0).as(context).isTrue();

            int previousEnd = scenario.start();
            for (BalanceSegment segment : result.segments()) {
                int from = minutes(segment.from());
                int to = minutes(segment.to());
                String at = context + ", segment " + from + ".." + to;
                assertThat(from).as(at).isEqualTo(previousEnd);
                assertThat(normalized(segment.grantBalancesAtStart())).as(at)
                        .isEqualTo(activeOnly(oracle.after[from].balances(), scenario, from));
                assertThat(segment.overageAtStart()).as(at).isEqualByComparingTo(oracle.after[from].overage());
                assertThat(segment.usage()).as(at).isEqualByComparingTo(sum(scenario.usage(), from, to));
                assertThat(normalized(segment.grantBalancesAtEnd())).as(at)
                        .isEqualTo(only(oracle.before[to].balances(), segment.grantBalancesAtStart().keySet()));
                assertThat(segment.overage()).as(at).isEqualByComparingTo(oracle.before[to].overage());
                previousEnd = to;
            }
            assertThat(previousEnd).as(context).isEqualTo(scenario.query());
        }
    }

    // ---- the engine, fed the scenario -------------------------------------------------------------------------

    private static CreditEngine.Run engine(Scenario s) {
        List<CreditGrant> grants = s.grants().stream().map(g -> new CreditGrant(g.id(), g.amount(), g.priority(),
                minute(g.effective()), g.expires() < 0 ? null : minute(g.expires()),
                g.voided() < 0 ? null : minute(g.voided()),
                g.recurEveryHours() == 0 ? null : new CreditGrant.Recurrence(
                        IsoPeriod.parse("PT" + g.recurEveryHours() + "H").orElseThrow(), minute(g.recurAnchor())),
                g.min(), g.max(), minute(g.created()))).toList();
        UsagePeriods periods = periods(s);
        Instant until = minute(s.query());
        return CreditEngine.run(minute(s.start()), until, grants,
                periods.resetsBetween(minute(s.start()), until), boundaries -> {
                    List<BigDecimal> usages = new ArrayList<>();
                    for (int i = 0; i + 1 < boundaries.size(); i++) {
                        usages.add(sum(s.usage(), minutes(boundaries.get(i)), minutes(boundaries.get(i + 1))));
                    }
                    return usages;
                });
    }

    private static UsagePeriods periods(Scenario s) {
        return new UsagePeriods(minute(s.start()), IsoPeriod.parse("PT" + s.periodHours() + "H").orElseThrow(),
                minute(s.anchor()), s.preserve(), s.resets().stream()
                        .map(r -> new UsagePeriods.ManualReset(minute(r.at()), r.retainAnchor(), r.preserve()))
                        .toList());
    }

    // ---- the oracle --------------------------------------------------------------------------------------------

    /** Replays every minute from the start to the query minute. */
    static final class Oracle {

        final State[] before;
        final State[] after;
        private final Scenario s;
        private final List<SimGrant> order;
        private final Map<String, BigDecimal> balances = new LinkedHashMap<>();
        private BigDecimal overage = BigDecimal.ZERO;
        private BigDecimal usageInPeriod = BigDecimal.ZERO;
        private BigDecimal grantUsage = BigDecimal.ZERO;
        private int periodStart;

        Oracle(Scenario s) {
            this.s = s;
            this.before = new State[s.query() + 1];
            this.after = new State[s.query() + 1];
            this.order = s.grants().stream().sorted(Comparator.comparingInt(SimGrant::priority)
                    .thenComparingInt(g -> g.expires() < 0 ? Integer.MAX_VALUE : g.expires())
                    .thenComparingInt(SimGrant::created).thenComparing(SimGrant::id)).toList();
            periodStart = s.start();
            for (SimGrant g : order) {
                balances.put(g.id(), g.active(s.start()) ? g.amount() : BigDecimal.ZERO);
            }
            before[s.start()] = snapshot();
            after[s.start()] = snapshot();
            for (int m = s.start(); m < s.query(); m++) {
                burnUsage(s.usage()[m]);
                before[m + 1] = snapshot();
                changesAt(m + 1);
                after[m + 1] = snapshot();
            }
        }

        private void changesAt(int m) {
            SimReset manual = s.resets().stream().filter(r -> r.at() == m).findFirst().orElse(null);
            if (manual != null || isPeriodBoundary(m)) {
                for (SimGrant g : order) {
                    if (g.active(m)) {
                        BigDecimal b = balances.get(g.id());
                        BigDecimal rolled = b.max(g.min()).min(g.max()).max(BigDecimal.ZERO);
                        balances.put(g.id(), rolled);
                    }
                }
                usageInPeriod = BigDecimal.ZERO;
                grantUsage = BigDecimal.ZERO;
                periodStart = m;
                boolean preserve = manual != null ? manual.preserve() : s.preserve();
                if (!preserve) {
                    overage = BigDecimal.ZERO;
                }
            }
            for (SimGrant g : order) {
                if (!g.active(m)) {
                    balances.put(g.id(), BigDecimal.ZERO);
                } else if (m == g.effective() || recurs(g, m)) {
                    balances.put(g.id(), g.amount());
                }
            }
            BigDecimal paid = take(overage);
            overage = overage.subtract(paid);
            grantUsage = grantUsage.add(paid);
        }

        private void burnUsage(BigDecimal usage) {
            BigDecimal covered = take(usage);
            overage = overage.add(usage).subtract(covered);
            usageInPeriod = usageInPeriod.add(usage);
            grantUsage = grantUsage.add(covered);
        }

        private BigDecimal take(BigDecimal amount) {
            BigDecimal left = amount;
            for (SimGrant g : order) {
                BigDecimal b = balances.get(g.id());
                BigDecimal part = b.min(left);
                balances.put(g.id(), b.subtract(part));
                left = left.subtract(part);
            }
            return amount.subtract(left);
        }

        /** An automatic reset: a whole number of periods from the anchor in force, and not at a manual reset. */
        private boolean isPeriodBoundary(int m) {
            int anchor = s.anchor();
            for (SimReset r : s.resets()) {
                if (r.at() < m && !r.retainAnchor()) {
                    anchor = r.at();
                }
            }
            return m > s.start() && Math.floorMod(m - anchor, s.periodHours() * 60) == 0;
        }

        private static boolean recurs(SimGrant g, int m) {
            return g.recurEveryHours() > 0 && m > g.effective() && g.active(m)
                    && Math.floorMod(m - g.recurAnchor(), g.recurEveryHours() * 60) == 0;
        }

        private State snapshot() {
            return new State(new LinkedHashMap<>(balances), overage, usageInPeriod, grantUsage, periodStart);
        }
    }

    // ---- random scenarios ----------------------------------------------------------------------------------------

    private static Scenario scenario(Random random) {
        int start = random.nextInt(180);
        int query = start + random.nextInt(HORIZON - start);
        int periodHours = new int[] {1, 2, 3, 5, 24}[random.nextInt(5)];
        int anchor = random.nextInt(600) - 300;
        List<SimReset> resets = new ArrayList<>();
        Set<Integer> resetTimes = new HashSet<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            int at = start + 1 + random.nextInt(HORIZON - start - 1);
            if (resetTimes.add(at)) {
                resets.add(new SimReset(at, random.nextBoolean(), random.nextBoolean()));
            }
        }
        resets.sort(Comparator.comparingInt(SimReset::at));
        List<SimGrant> grants = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            BigDecimal amount = decimal(random, 1 + random.nextInt(300));
            int effective = random.nextInt(HORIZON);
            grants.add(new SimGrant("g" + i, amount, random.nextInt(3), effective,
                    random.nextInt(3) == 0 ? effective + 1 + random.nextInt(2000) : -1,
                    random.nextInt(5) == 0 ? random.nextInt(HORIZON) : -1,
                    random.nextInt(3) == 0 ? 1 + random.nextInt(6) : 0, effective - random.nextInt(200),
                    random.nextInt(3) == 0 ? decimal(random, random.nextInt(200)) : BigDecimal.ZERO,
                    random.nextInt(4) == 0 ? decimal(random, random.nextInt(300)) : amount,
                    random.nextInt(50)));
        }
        BigDecimal[] usage = new BigDecimal[HORIZON + 1];
        Arrays.fill(usage, BigDecimal.ZERO);
        int density = 1 + random.nextInt(30);
        for (int m = 0; m <= HORIZON; m++) {
            if (random.nextInt(density) == 0) {
                usage[m] = decimal(random, random.nextInt(8));
            }
        }
        return new Scenario(start, periodHours, anchor, random.nextBoolean(), resets, grants, usage, query);
    }

    /** A whole number or one with cents. */
    private static BigDecimal decimal(Random random, int whole) {
        return random.nextBoolean() ? BigDecimal.valueOf(whole) : BigDecimal.valueOf(whole * 100L
                + random.nextInt(100), 2);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static Map<String, BigDecimal> activeOnly(Map<String, BigDecimal> balances, Scenario s, int m) {
        Set<String> active = new HashSet<>();
        s.grants().stream().filter(g -> g.active(m)).forEach(g -> active.add(g.id()));
        return only(balances, active);
    }

    private static Map<String, BigDecimal> only(Map<String, BigDecimal> balances, Set<String> keys) {
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        balances.forEach((id, b) -> {
            if (keys.contains(id)) {
                result.put(id, b.stripTrailingZeros());
            }
        });
        return result;
    }

    private static Map<String, BigDecimal> normalized(Map<String, BigDecimal> balances) {
        return only(balances, balances.keySet());
    }

    private static BigDecimal sum(BigDecimal[] usage, int from, int to) {
        BigDecimal total = BigDecimal.ZERO;
        for (int m = from; m < to; m++) {
            total = total.add(usage[m]);
        }
        return total;
    }

    private static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    private static int minutes(Instant at) {
        return (int) ((at.getEpochSecond() - T0.getEpochSecond()) / 60);
    }

    private static String describe(Scenario s) {
        return "start " + s.start() + ", query " + s.query() + ", period PT" + s.periodHours() + "H from "
                + s.anchor() + ", preserve " + s.preserve() + ", resets " + s.resets() + ", grants " + s.grants();
    }
}
