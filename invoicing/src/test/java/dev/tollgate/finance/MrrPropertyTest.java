package dev.tollgate.finance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.catalog.api.RecurringFees;
import dev.tollgate.finance.domain.MrrHistory;
import dev.tollgate.finance.domain.MrrMovements;
import dev.tollgate.finance.domain.ReportWindow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The MRR engine against an oracle written here from docs/finance.md: random subscription histories (customers
 * subscribing, changing plans, cancelling and coming back, fees of several cadences with discounts), MRR per customer
 * one second before each period boundary in exact fractions, and the movements classified customer by customer.
 * {@code -Dtollgate.finance.seed=N} replays a seed it printed.
 */
class MrrPropertyTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final BigDecimal TOLERANCE = new BigDecimal("1e-24");

    /** Fees per month for each cadence, as the docs' table says: a fraction numerator / denominator. */
    private static final Map<String, long[]> PER_MONTH = Map.of("P1M", new long[] {1, 1}, "P1Y", new long[] {1, 12},
            "P3M", new long[] {1, 3}, "P6M", new long[] {1, 6}, "P1W", new long[] {52, 12}, "P2W",
            new long[] {26, 12}, "P1D", new long[] {365, 12}, "P2M", new long[] {1, 2});
    private static final List<String> CADENCES = List.copyOf(new TreeSet<>(PER_MONTH.keySet()));
    private static final List<String> CURRENCIES = List.of("USD", "EUR");

    @Test
    void movementsAndMrrMatchTheOracle() {
        long seed = Long.getLong("tollgate.finance.seed", System.nanoTime());
        System.out.println("MrrPropertyTest seed: " + seed + " (-Dtollgate.finance.seed=" + seed + " replays it)");
        Random random = new Random(seed);
        int comparedInAll = 0;
        for (int round = 0; round < 200; round++) {
            List<RecurringFees.SubscriptionFees> subscriptions = histories(random);
            ZoneId zone = random.nextBoolean() ? ZoneId.of("UTC") : ZoneId.of("America/New_York");
            ReportWindow.Size size = random.nextInt(4) == 0 ? ReportWindow.Size.DAY : ReportWindow.Size.MONTH;
            Instant from = START.plus(Duration.ofHours(random.nextInt(24 * 60)));
            Instant to = from.plus(Duration.ofDays(size == ReportWindow.Size.DAY ? 1 + random.nextInt(40)
                    : 30 + random.nextInt(400)));
            Instant asOf = random.nextBoolean() ? to : from.plus(Duration.ofHours(random.nextInt(
                    (int) Duration.between(from, to).toHours())));
            List<ReportWindow> windows = ReportWindow.cover(from, to, size, zone);
            String context = "seed " + seed + " round " + round;

            MrrHistory history = MrrHistory.of(subscriptions, null);
            List<MrrMovements> movements = history.movements(windows, asOf);
            Oracle oracle = new Oracle(subscriptions);
            int compared = 0;
            for (ReportWindow window : windows) {
                Instant open = window.start().isBefore(asOf) ? window.start() : asOf;
                Instant close = window.end().isBefore(asOf) ? window.end() : asOf;
                for (String currency : CURRENCIES) {
                    Map<String, Fraction> before = oracle.byCustomer(currency, open);
                    Map<String, Fraction> after = oracle.byCustomer(currency, close);
                    Fraction[] expected = oracle.classify(currency, window.start(), before, after);
                    MrrMovements actual = movements.stream().filter(m -> m.start().equals(window.start())
                            && m.currency().equals(currency)).findFirst().orElse(null);
                    if (actual == null) {
                        assertThat(before.isEmpty() && after.isEmpty()).as(context + " " + window + " " + currency
                                + " has MRR but no movement").isTrue();
                        continue;
                    }
                    BigDecimal[] got = {actual.opening(), actual.newMrr(), actual.reactivation(),
                        actual.expansion(), actual.contraction(), actual.churned(), actual.closing()};
                    for (int i = 0; i < got.length; i++) {
                        assertClose(got[i], expected[i], context + " " + window + " " + currency + " measure " + i);
                    }
                    assertThat(actual.closing().subtract(actual.opening()).subtract(actual.net()).abs())
                            .isLessThan(TOLERANCE);
                    compared++;
                }
            }
            for (MrrHistory.Snapshot snapshot : history.at(asOf)) {
                Fraction total = oracle.byCustomer(snapshot.currency(), asOf).values().stream()
                        .reduce(Fraction.ZERO, Fraction::plus);
                assertClose(snapshot.mrr(), total, context + " MRR at " + asOf);
                assertClose(snapshot.byPlan().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add), total,
                        context + " plans at " + asOf);
            }
            comparedInAll += compared;
        }
        assertThat(comparedInAll).as("periods with MRR compared").isGreaterThan(100);
    }

    private static void assertClose(BigDecimal actual, Fraction expected, String context) {
        assertThat(actual.subtract(expected.decimal()).abs()).as(context + ": " + actual + " vs " + expected.decimal())
                .isLessThan(TOLERANCE);
    }

    /** Customers with one to four subscriptions in a row, with gaps, phases and several fees. */
    private static List<RecurringFees.SubscriptionFees> histories(Random random) {
        List<RecurringFees.SubscriptionFees> subscriptions = new ArrayList<>();
        int customers = 1 + random.nextInt(12);
        for (int c = 0; c < customers; c++) {
            String customer = "c" + c;
            String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            Instant at = START.plus(Duration.ofHours(random.nextInt(24 * 400)));
            int count = 1 + random.nextInt(4);
            for (int s = 0; s < count; s++) {
                boolean open = s == count - 1 && random.nextBoolean();
                Instant end = open ? null : at.plus(Duration.ofHours(1 + random.nextInt(24 * 120)));
                List<RecurringFees.Fee> fees = new ArrayList<>();
                Instant phaseStart = at;
                int phases = 1 + random.nextInt(2);
                for (int p = 0; p < phases; p++) {
                    boolean last = p == phases - 1;
                    Instant phaseEnd = last ? end : phaseStart.plus(Duration.ofHours(1 + random.nextInt(24 * 30)));
                    if (!last && end != null && !phaseEnd.isBefore(end)) {
                        phaseEnd = end;
                        last = true;
                    }
                    int cards = random.nextInt(3);
                    for (int f = 0; f < cards; f++) {
                        fees.add(new RecurringFees.Fee("p" + p, "fee" + f, null, phaseStart, phaseEnd,
                                BigDecimal.valueOf(random.nextInt(50_000), 2),
                                random.nextInt(3) == 0 ? BigDecimal.valueOf(random.nextInt(101)) : BigDecimal.ZERO,
                                CADENCES.get(random.nextInt(CADENCES.size()))));
                    }
                    if (last) {
                        break;
                    }
                    phaseStart = phaseEnd;
                }
                subscriptions.add(new RecurringFees.SubscriptionFees(customer + "-s" + s, customer, currency,
                        "plan" + random.nextInt(3), 1, "Plan", at, end, fees));
                if (end == null) {
                    break;
                }
                // The next one starts at the end (a plan change) or after a gap (cancelled, then back).
                at = random.nextBoolean() ? end : end.plus(Duration.ofHours(1 + random.nextInt(24 * 60)));
            }
        }
        return subscriptions;
    }

    /** MRR as the docs define it, in exact fractions: the fees running one second before the instant. */
    private static final class Oracle {

        private final List<RecurringFees.SubscriptionFees> subscriptions;

        Oracle(List<RecurringFees.SubscriptionFees> subscriptions) {
            this.subscriptions = subscriptions;
        }

        Map<String, Fraction> byCustomer(String currency, Instant at) {
            Instant t = at.minusSeconds(1); // every instant in the histories is a whole hour
            Map<String, Fraction> mrr = new HashMap<>();
            for (RecurringFees.SubscriptionFees s : subscriptions) {
                if (!s.currency().equals(currency)) {
                    continue;
                }
                for (RecurringFees.Fee fee : s.fees()) {
                    if (!fee.from().isAfter(t) && (fee.to() == null || fee.to().isAfter(t))) {
                        mrr.merge(s.customerId(), monthly(fee), Fraction::plus);
                    }
                }
            }
            return mrr;
        }

        private static Fraction monthly(RecurringFees.Fee fee) {
            long[] perMonth = PER_MONTH.get(fee.billingCadence());
            Fraction net = Fraction.of(fee.amount()).times(Fraction.of(BigDecimal.valueOf(100)
                    .subtract(fee.percentageDiscount()))).times(new Fraction(BigInteger.ONE, BigInteger.valueOf(100)));
            return net.times(new Fraction(BigInteger.valueOf(perMonth[0]), BigInteger.valueOf(perMonth[1])));
        }

        /** opening, new, reactivation, expansion, contraction, churned, closing. */
        Fraction[] classify(String currency, Instant periodStart, Map<String, Fraction> before,
                Map<String, Fraction> after) {
            Fraction[] sums = new Fraction[7];
            java.util.Arrays.fill(sums, Fraction.ZERO);
            TreeSet<String> customers = new TreeSet<>(before.keySet());
            customers.addAll(after.keySet());
            for (String customer : customers) {
                Fraction b = before.getOrDefault(customer, Fraction.ZERO);
                Fraction a = after.getOrDefault(customer, Fraction.ZERO);
                sums[0] = sums[0].plus(b);
                sums[6] = sums[6].plus(a);
                if (b.signum() == 0 && a.signum() > 0) {
                    sums[paidBefore(customer, currency, periodStart) ? 2 : 1] = sums[paidBefore(customer, currency,
                            periodStart) ? 2 : 1].plus(a);
                } else if (b.signum() > 0 && a.signum() == 0) {
                    sums[5] = sums[5].plus(b);
                } else if (a.compareTo(b) > 0) {
                    sums[3] = sums[3].plus(a.minus(b));
                } else if (a.compareTo(b) < 0) {
                    sums[4] = sums[4].plus(b.minus(a));
                }
            }
            return sums;
        }

        /** Whether a fee of the customer in the currency with a positive amount started before the instant. */
        private boolean paidBefore(String customer, String currency, Instant at) {
            return subscriptions.stream().filter(s -> s.customerId().equals(customer)
                    && s.currency().equals(currency)).flatMap(s -> s.fees().stream())
                    .anyMatch(f -> f.from().isBefore(at) && monthly(f).signum() > 0);
        }
    }

    /** An exact fraction. */
    private record Fraction(BigInteger numerator, BigInteger denominator) {

        static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);

        Fraction {
            BigInteger gcd = numerator.gcd(denominator);
            if (gcd.signum() != 0 && !gcd.equals(BigInteger.ONE)) {
                numerator = numerator.divide(gcd);
                denominator = denominator.divide(gcd);
            }
        }

        static Fraction of(BigDecimal value) {
            return value.scale() >= 0 ? new Fraction(value.unscaledValue(), BigInteger.TEN.pow(value.scale()))
                    : new Fraction(value.toBigIntegerExact(), BigInteger.ONE);
        }

        Fraction plus(Fraction other) {
            return new Fraction(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                    denominator.multiply(other.denominator));
        }

        Fraction minus(Fraction other) {
            return plus(new Fraction(other.numerator.negate(), other.denominator));
        }

        Fraction times(Fraction other) {
            return new Fraction(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
        }

        int signum() {
            return numerator.signum();
        }

        int compareTo(Fraction other) {
            return minus(other).signum();
        }

        BigDecimal decimal() {
            return new BigDecimal(numerator).divide(new BigDecimal(denominator), new java.math.MathContext(60));
        }
    }
}
