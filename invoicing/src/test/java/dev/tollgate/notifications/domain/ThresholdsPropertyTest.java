package dev.tollgate.notifications.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The threshold engine against an oracle written here from the rules in docs/notifications.md, over random thresholds,
 * usage and grants; and over random months of usage and top-ups, the once-per-period guarantees.
 */
class ThresholdsPropertyTest {

    private static final List<String> USAGE_TYPES = List.of("usage_value", "usage_percentage", "NUMBER", "PERCENT");
    private static final int CASES = 20_000;

    @Test
    void eachLookFiresWhatTheOracleFires() {
        Random random = new Random(14);
        for (int i = 0; i < CASES; i++) {
            List<Thresholds.Threshold> thresholds = thresholds(random);
            Thresholds.Figures figures = new Thresholds.Figures(decimal(random, 300), decimal(random, 300)
                    .subtract(BigDecimal.valueOf(100)), random.nextInt(8) == 0 ? BigDecimal.ZERO
                    : decimal(random, 400));
            List<Thresholds.Threshold> sent = random.nextBoolean() ? List.of() : List.of(thresholds.get(
                    random.nextInt(thresholds.size())));
            assertThat(Thresholds.toFire(thresholds, figures, sent)).as("case %d: %s %s sent %s", i, thresholds,
                    figures, sent).containsExactlyInAnyOrderElementsOf(oracle(thresholds, figures, sent));
        }
    }

    @Test
    void overAMonthOfUsageAndTopUpsEachThresholdFiresAtMostOnceAndNeverBelowOneSent() {
        Random random = new Random(1414);
        for (int month = 0; month < 2_000; month++) {
            List<Thresholds.Threshold> thresholds = thresholds(random);
            BigDecimal total = BigDecimal.valueOf(50 + random.nextInt(200));
            BigDecimal usage = BigDecimal.ZERO;
            List<Thresholds.Threshold> sent = new ArrayList<>();
            Set<Thresholds.Threshold> fired = new HashSet<>();
            for (int step = 0; step < 40; step++) {
                if (random.nextInt(10) == 0) {
                    total = total.add(BigDecimal.valueOf(random.nextInt(100)));
                } else {
                    usage = usage.add(BigDecimal.valueOf(random.nextInt(20)));
                }
                Thresholds.Figures figures = new Thresholds.Figures(usage, total.subtract(usage), total);
                List<Thresholds.Threshold> now = Thresholds.toFire(thresholds, figures, sent);
                assertThat(now.stream().filter(t -> t.kind().equals(Thresholds.USAGE))).hasSizeLessThanOrEqualTo(1);
                assertThat(now.stream().filter(t -> t.kind().equals(Thresholds.BALANCE))).hasSizeLessThanOrEqualTo(1);
                for (Thresholds.Threshold t : now) {
                    assertThat(fired.add(t)).as("%s fired twice in a month", t).isTrue();
                    assertThat(t.reached(figures)).isTrue();
                }
                sent.addAll(now);
                // Whatever is reached now is sent, or one at least as far is.
                for (Thresholds.Threshold t : thresholds) {
                    if (t.reached(figures)) {
                        BigDecimal total0 = total;
                        assertThat(sent).as("%s reached at %s", t, figures).anyMatch(s -> s.kind().equals(t.kind())
                                && (t.kind().equals(Thresholds.USAGE)
                                        ? s.usageLevel(total0).compareTo(t.usageLevel(total0)) >= 0
                                        : s.value().compareTo(t.value()) <= 0));
                    }
                }
            }
        }
    }

    /** The rules as written: usage reached at or above its level, balance at or below; highest and lowest fire. */
    private static List<Thresholds.Threshold> oracle(List<Thresholds.Threshold> thresholds, Thresholds.Figures f,
            List<Thresholds.Threshold> sent) {
        List<Thresholds.Threshold> fire = new ArrayList<>();
        if (f.totalGrants().signum() == 0) {
            return fire;
        }
        Optional<Thresholds.Threshold> usage = thresholds.stream().filter(t -> !t.type().equals("balance_value"))
                .filter(t -> f.usage().compareTo(level(t, f.totalGrants())) >= 0)
                .max(Comparator.comparing((Thresholds.Threshold t) -> level(t, f.totalGrants()))
                        .thenComparing(t -> -thresholds.indexOf(t)));
        usage.filter(u -> sent.stream().filter(s -> !s.type().equals("balance_value"))
                .allMatch(s -> level(s, f.totalGrants()).compareTo(level(u, f.totalGrants())) < 0))
                .ifPresent(fire::add);
        Optional<Thresholds.Threshold> balance = thresholds.stream().filter(t -> t.type().equals("balance_value"))
                .filter(t -> f.balance().compareTo(t.value()) <= 0)
                .min(Comparator.comparing(Thresholds.Threshold::value).thenComparing(thresholds::indexOf));
        balance.filter(b -> sent.stream().filter(s -> s.type().equals("balance_value"))
                .allMatch(s -> s.value().compareTo(b.value()) > 0)).ifPresent(fire::add);
        return fire;
    }

    private static BigDecimal level(Thresholds.Threshold t, BigDecimal total) {
        boolean percent = t.type().endsWith("percentage") || t.type().equals("PERCENT");
        return percent ? total.multiply(t.value()).movePointLeft(2) : t.value();
    }

    private static List<Thresholds.Threshold> thresholds(Random random) {
        List<Thresholds.Threshold> thresholds = new ArrayList<>();
        int count = 1 + random.nextInt(10);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(4) == 0) {
                thresholds.add(new Thresholds.Threshold("balance_value", BigDecimal.valueOf(random.nextInt(60))));
            } else {
                thresholds.add(new Thresholds.Threshold(USAGE_TYPES.get(random.nextInt(4)),
                        BigDecimal.valueOf(1 + random.nextInt(150))));
            }
        }
        return thresholds;
    }

    private static BigDecimal decimal(Random random, int bound) {
        return BigDecimal.valueOf(random.nextInt(bound * 10), 1);
    }
}
