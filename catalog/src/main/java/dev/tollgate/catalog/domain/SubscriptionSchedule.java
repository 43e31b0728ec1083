package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.domain.SubscriptionTimeline.BillingPeriod;
import dev.tollgate.catalog.domain.SubscriptionTimeline.Bounds;
import dev.tollgate.catalog.domain.SubscriptionTimeline.PhaseSpec;
import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription laid out on its plan version: when each phase runs, the billing period current at a given time, and
 * the billing periods from the start through that one (or the subscription's end), each with its proration factor and
 * what its flat fees come to. What a subscription's answer shows and what invoicing bills from.
 *
 * @param currentPeriod null once the subscription has ended
 */
public record SubscriptionSchedule(List<ScheduledPhase> phases, Bounds currentPeriod, List<Period> billingPeriods) {

    /** A plan phase and when it runs for this subscription. */
    public record ScheduledPhase(PlanPhase phase, Instant activeFrom, Instant activeTo) {
    }

    /**
     * A billing period, or the part of one within a phase. {@code index} counts the subscription's periods from 0 in
     * order and never changes for a given subscription; {@code prorationFactor} is what recurring flat fees are
     * multiplied by (1 unless the period is cut and the plan prorates).
     */
    public record Period(int index, String phaseKey, Instant from, Instant to, Instant fullFrom, Instant fullTo,
            BigDecimal prorationFactor, boolean firstOfPhase, List<ProratedFlatFees.Fee> flatFees) {
    }

    /** How many billing periods a schedule lists at most: the latest ones, through the current one. */
    public static final int MAX_LISTED_PERIODS = 120;

    /**
     * The schedule as of {@code now}: the latest {@link #MAX_LISTED_PERIODS} periods through the current one, or
     * through the last for an ended subscription. Their indexes say where they stand among all.
     */
    public static SubscriptionSchedule of(Subscription subscription, Plan plan, Instant now) {
        Instant current = now.isBefore(subscription.activeFrom()) ? subscription.activeFrom() : now;
        Bounds period = SubscriptionTimeline.periodAround(subscription.billingAnchor(), subscription.cadence(),
                current);
        boolean running = subscription.activeTo() == null || now.isBefore(subscription.activeTo());
        List<Period> periods = periodsUntil(subscription, plan, period.to());
        return new SubscriptionSchedule(phases(subscription, plan), running ? period : null,
                periods.subList(Math.max(0, periods.size() - MAX_LISTED_PERIODS), periods.size()));
    }

    /** The periods that start before {@code until}, in order, with their flat fees. */
    public static List<Period> periodsUntil(Subscription subscription, Plan plan, Instant until) {
        List<BillingPeriod> timeline = SubscriptionTimeline.periods(subscription.activeFrom(),
                subscription.activeTo(), subscription.billingAnchor(), subscription.cadence(), specs(plan), until);
        boolean prorates = plan.proRatingConfig() == null || plan.proRatingConfig().enabled();
        List<Period> periods = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            BillingPeriod p = timeline.get(i);
            boolean firstOfPhase = i == 0 || !timeline.get(i - 1).phaseKey().equals(p.phaseKey());
            periods.add(new Period(i, p.phaseKey(), p.from(), p.to(), p.fullFrom(), p.fullTo(),
                    prorates ? p.share() : BigDecimal.ONE, firstOfPhase,
                    ProratedFlatFees.of(plan, p, prorates, firstOfPhase)));
        }
        return periods;
    }

    /** When each of the plan's phases runs for the subscription; phases it ends before are left out. */
    public static List<ScheduledPhase> phases(Subscription subscription, Plan plan) {
        return phases(subscription.activeFrom(), subscription.activeTo(), plan);
    }

    /** When each of the plan's phases runs for a subscription active from {@code activeFrom} to {@code activeTo}. */
    public static List<ScheduledPhase> phases(Instant activeFrom, Instant activeTo, Plan plan) {
        return SubscriptionTimeline.phases(activeFrom, activeTo, specs(plan)).stream()
                .map(t -> new ScheduledPhase(plan.phase(t.key()), t.activeFrom(), t.activeTo())).toList();
    }

    static List<PhaseSpec> specs(Plan plan) {
        return plan.phases().stream().map(p -> new PhaseSpec(p.key(), p.name(),
                p.duration() == null ? null : IsoPeriod.parse(p.duration()).orElseThrow())).toList();
    }
}
