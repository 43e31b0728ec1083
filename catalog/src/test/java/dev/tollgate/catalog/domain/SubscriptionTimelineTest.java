package dev.tollgate.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.catalog.domain.SubscriptionTimeline.BillingPeriod;
import dev.tollgate.catalog.domain.SubscriptionTimeline.PhaseSpec;
import dev.tollgate.catalog.domain.SubscriptionTimeline.PhaseTiming;
import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTimelineTest {

    private static final List<PhaseSpec> ONE_PHASE = List.of(new PhaseSpec("default", "Default", null));
    private static final List<PhaseSpec> TRIAL_THEN_STANDARD = List.of(
            new PhaseSpec("trial", "Trial", period("P14D")), new PhaseSpec("standard", "Standard", null));

    private static IsoPeriod period(String iso) {
        return IsoPeriod.parse(iso).orElseThrow();
    }

    private static Instant at(String date) {
        return Instant.parse(date + "T00:00:00Z");
    }

    private static BigDecimal ratio(long part, long whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), MathContext.DECIMAL128);
    }

    @Test
    void monthlyPeriodsCountFromTheAnchorSoTheyNeverDrift() {
        List<BillingPeriod> periods = SubscriptionTimeline.periods(at("2027-01-31"), null, at("2027-01-31"),
                period("P1M"), ONE_PHASE, at("2027-05-01"));

        assertThat(periods).extracting(BillingPeriod::from)
                .containsExactly(at("2027-01-31"), at("2027-02-28"), at("2027-03-31"), at("2027-04-30"));
        assertThat(periods.get(3).to()).isEqualTo(at("2027-05-01"));
        assertThat(periods.get(3).fullTo()).isEqualTo(at("2027-05-31"));
        assertThat(periods.subList(0, 3)).allMatch(BillingPeriod::whole);
    }

    @Test
    void aTrialPhaseCutsTheFirstPeriodAndTheStandardPhaseTakesTheRest() {
        List<PhaseTiming> phases = SubscriptionTimeline.phases(at("2027-03-10"), null, TRIAL_THEN_STANDARD);
        assertThat(phases).containsExactly(
                new PhaseTiming("trial", "Trial", at("2027-03-10"), at("2027-03-24")),
                new PhaseTiming("standard", "Standard", at("2027-03-24"), null));

        List<BillingPeriod> periods = SubscriptionTimeline.periods(at("2027-03-10"), null, at("2027-03-10"),
                period("P1M"), TRIAL_THEN_STANDARD, at("2027-05-10"));

        assertThat(periods).containsExactly(
                new BillingPeriod("trial", at("2027-03-10"), at("2027-03-24"), at("2027-03-10"), at("2027-04-10"),
                        ratio(14, 31)),
                new BillingPeriod("standard", at("2027-03-24"), at("2027-04-10"), at("2027-03-10"),
                        at("2027-04-10"), ratio(17, 31)),
                new BillingPeriod("standard", at("2027-04-10"), at("2027-05-10"), at("2027-04-10"),
                        at("2027-05-10"), BigDecimal.ONE));
    }

    @Test
    void aCancellationMidPeriodLeavesTheShareItCovers() {
        List<BillingPeriod> periods = SubscriptionTimeline.periods(at("2027-04-01"), at("2027-04-16"),
                at("2027-04-01"), period("P1M"), ONE_PHASE, at("2030-01-01"));

        assertThat(periods).singleElement().satisfies(p -> {
            assertThat(p.to()).isEqualTo(at("2027-04-16"));
            assertThat(p.share()).isEqualByComparingTo("0.5");
        });
    }

    @Test
    void aStartAfterTheAnchorBeginsWithAPartialPeriod() {
        List<BillingPeriod> periods = SubscriptionTimeline.periods(at("2027-06-15"), null, at("2027-01-01"),
                period("P1M"), ONE_PHASE, at("2027-08-01"));

        assertThat(periods).extracting(BillingPeriod::from, BillingPeriod::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(at("2027-06-15"), at("2027-07-01")),
                org.assertj.core.groups.Tuple.tuple(at("2027-07-01"), at("2027-08-01")));
        assertThat(periods.get(0).share()).isEqualTo(ratio(16, 30));
    }

    @Test
    void anEndBeforeTheSecondPhaseLeavesItOut() {
        assertThat(SubscriptionTimeline.phases(at("2027-03-10"), at("2027-03-20"), TRIAL_THEN_STANDARD))
                .containsExactly(new PhaseTiming("trial", "Trial", at("2027-03-10"), at("2027-03-20")));
    }

    @Test
    void weeklyAndYearlyCadences() {
        assertThat(SubscriptionTimeline.periodAround(at("2027-01-04"), period("P1W"), at("2027-03-03")))
                .isEqualTo(new SubscriptionTimeline.Bounds(at("2027-03-01"), at("2027-03-08")));
        assertThat(SubscriptionTimeline.periodAround(at("2024-02-29"), period("P1Y"), at("2027-06-01")))
                .isEqualTo(new SubscriptionTimeline.Bounds(at("2027-02-28"), at("2028-02-29")));
        assertThat(SubscriptionTimeline.periodAround(at("2027-01-15"), period("P3M"), at("2026-12-01")))
                .isEqualTo(new SubscriptionTimeline.Bounds(at("2026-10-15"), at("2027-01-15")));
    }

    @Test
    void anOpenSubscriptionNeedsAHorizon() {
        assertThatThrownBy(() -> SubscriptionTimeline.periods(at("2027-01-01"), null, at("2027-01-01"),
                period("P1M"), ONE_PHASE, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
