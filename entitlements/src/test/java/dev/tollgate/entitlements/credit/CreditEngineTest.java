package dev.tollgate.entitlements.credit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Worked examples from OpenMeter's engine tests and its README, with the numbers written out. */
class CreditEngineTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void burnsHigherPriorityAndEarlierExpiryFirst() {
        CreditGrant later = grant("later", 50, 1, null);
        CreditGrant expiring = grant("expiring", 50, 1, START.plusSeconds(86_400));
        CreditGrant urgent = grant("urgent", 10, 0, null);

        CreditEngine.Run run = CreditEngine.run(START, at(60), List.of(later, expiring, urgent), List.of(),
                usage(Map.of(at(5), 30)));

        assertThat(run.balance().grantBalances()).containsExactly(Map.entry("urgent", BigDecimal.ZERO),
                Map.entry("expiring", BigDecimal.valueOf(30)), Map.entry("later", BigDecimal.valueOf(50)));
        assertThat(run.balance().balance()).isEqualByComparingTo("80");
    }

    @Test
    void overageBeforeAGrantIsPaidByItWithinThePeriod() {
        CreditGrant grant = new CreditGrant("g", BigDecimal.valueOf(100), 1, at(30), null, null, null, null, null,
                START);

        CreditEngine.Run run = CreditEngine.run(START, at(60), List.of(grant), List.of(),
                usage(Map.of(at(10), 25, at(40), 25)));

        assertThat(run.balance().balance()).isEqualByComparingTo("50");
        assertThat(run.balance().overage()).isEqualByComparingTo("0");
        assertThat(run.balance().usageInPeriod()).isEqualByComparingTo("50");
    }

    @Test
    void preservedOverageIsPaidFromTheRolledOverBalance() {
        CreditGrant grant = new CreditGrant("g", BigDecimal.valueOf(100), 1, START, null, null, null,
                BigDecimal.valueOf(50), BigDecimal.valueOf(50), START);

        CreditEngine.Run kept = CreditEngine.run(START, at(120), List.of(grant),
                List.of(new CreditReset(at(60), true)), usage(Map.of(at(10), 110)));
        CreditEngine.Run forgiven = CreditEngine.run(START, at(120), List.of(grant),
                List.of(new CreditReset(at(60), false)), usage(Map.of(at(10), 110)));

        assertThat(kept.balance().balance()).isEqualByComparingTo("40");
        assertThat(kept.balance().overage()).isEqualByComparingTo("0");
        assertThat(kept.balance().usageInPeriod()).isEqualByComparingTo("0");
        assertThat(kept.balance().totalAvailableGrantAmount()).isEqualByComparingTo("50");
        assertThat(forgiven.balance().balance()).isEqualByComparingTo("50");
    }

    @Test
    void aQueryAtAResetSeesTheStateAfterIt() {
        CreditGrant grant = new CreditGrant("g", BigDecimal.TEN, 1, START, null, null, null, null, null, START);

        CreditEngine.Run run = CreditEngine.run(START, at(60), List.of(grant), List.of(new CreditReset(at(60), false)),
                usage(Map.of(at(1), 4)));

        assertThat(run.balance().balance()).isEqualByComparingTo("6");
        assertThat(run.balance().usageInPeriod()).isEqualByComparingTo("0");
        assertThat(run.balance().periodStart()).isEqualTo(at(60));
    }

    @Test
    void recurringGrantsRefillWithoutRollover() {
        CreditGrant daily = new CreditGrant("g", BigDecimal.TEN, 1, START, null, null,
                new CreditGrant.Recurrence(IsoPeriod.parse("P1D").orElseThrow(), START), BigDecimal.ZERO,
                BigDecimal.ZERO, START);

        CreditEngine.Run run = CreditEngine.run(START, at(24 * 60 + 5), List.of(daily), List.of(),
                usage(Map.of(at(1), 7, at(24 * 60 + 1), 3)));

        assertThat(run.balance().balance()).isEqualByComparingTo("7");
        assertThat(run.segments()).extracting(BalanceSegment::from).containsExactly(START, at(24 * 60));
    }

    @Test
    void monthlyPeriodsClampToTheEndOfTheMonth() {
        Instant jan31 = Instant.parse("2026-01-31T10:00:00Z");
        UsagePeriods periods = new UsagePeriods(jan31, IsoPeriod.parse("P1M").orElseThrow(), jan31, false,
                List.of());

        assertThat(periods.periodAt(Instant.parse("2026-03-15T00:00:00Z")))
                .isEqualTo(new UsagePeriods.Period(Instant.parse("2026-02-28T10:00:00Z"),
                        Instant.parse("2026-03-31T10:00:00Z")));
        assertThat(periods.resetsBetween(jan31, Instant.parse("2026-04-01T00:00:00Z")))
                .extracting(CreditReset::at).containsExactly(Instant.parse("2026-02-28T10:00:00Z"),
                        Instant.parse("2026-03-31T10:00:00Z"));
    }

    @Test
    void aManualResetMovesTheAnchorUnlessRetained() {
        Instant anchor = Instant.parse("2026-01-01T00:00:00Z");
        Instant reset = Instant.parse("2026-01-10T12:00:00Z");
        IsoPeriod month = IsoPeriod.parse("P1M").orElseThrow();

        UsagePeriods moved = new UsagePeriods(anchor, month, anchor, false,
                List.of(new UsagePeriods.ManualReset(reset, false, false)));
        UsagePeriods retained = new UsagePeriods(anchor, month, anchor, false,
                List.of(new UsagePeriods.ManualReset(reset, true, false)));

        assertThat(moved.periodAt(Instant.parse("2026-01-20T00:00:00Z")))
                .isEqualTo(new UsagePeriods.Period(reset, Instant.parse("2026-02-10T12:00:00Z")));
        assertThat(retained.periodAt(Instant.parse("2026-01-20T00:00:00Z")))
                .isEqualTo(new UsagePeriods.Period(reset, Instant.parse("2026-02-01T00:00:00Z")));
    }

    private static CreditGrant grant(String id, int amount, int priority, Instant expiresAt) {
        return new CreditGrant(id, BigDecimal.valueOf(amount), priority, START, expiresAt, null, null, null, null,
                START);
    }

    private static Instant at(int minutes) {
        return START.plusSeconds(60L * minutes);
    }

    /** Usage at single minutes. */
    private static UsageSource usage(Map<Instant, Integer> atMinutes) {
        TreeMap<Instant, Integer> sorted = new TreeMap<>(atMinutes);
        return boundaries -> {
            List<BigDecimal> result = new ArrayList<>();
            for (int i = 0; i + 1 < boundaries.size(); i++) {
                result.add(BigDecimal.valueOf(sorted.subMap(boundaries.get(i), boundaries.get(i + 1)).values()
                        .stream().mapToInt(Integer::intValue).sum()));
            }
            return result;
        };
    }
}
