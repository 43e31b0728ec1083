package dev.tollgate.catalog.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.PlanPeriod;
import dev.tollgate.catalog.domain.PlanPhase;
import dev.tollgate.catalog.domain.ProratedFlatFees;
import dev.tollgate.catalog.domain.RateCard;
import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.domain.SubscriptionTimeline;
import dev.tollgate.catalog.domain.SubscriptionTimeline.BillingPeriod;
import dev.tollgate.catalog.domain.SubscriptionTimeline.PhaseSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenMeter's {@code SubscriptionExpanded}: the subscription, its phases with their items (the plan version's rate
 * cards) and when they run, and the current billing period. {@code billingPeriods} is Tollgate's timeline of billing
 * periods from the start through the current one (or the end), each with the share of a full period it covers: the
 * factor flat fees are prorated by when the plan prorates, and what its flat fees come to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionExpandedView(@JsonUnwrapped SubscriptionView subscription, Alignment alignment,
        List<Phase> phases, List<Period> billingPeriods) {

    public record Alignment(boolean billablesMustAlign, Bounds currentAlignedBillingPeriod) {
    }

    public record Bounds(Instant from, Instant to) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Phase(String key, String name, String description, Instant activeFrom, Instant activeTo,
            List<RateCard> items) {
    }

    /** Decimals are strings, as OpenMeter writes amounts, so that no client reads them as floating point. */
    public record Period(String phaseKey, Instant from, Instant to, Instant fullFrom, Instant fullTo,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal prorationFactor, List<Fee> flatFees) {
    }

    public record Fee(String key, String name, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    static SubscriptionExpandedView of(Subscription s, Plan plan, Instant now) {
        List<PhaseSpec> specs = plan.phases().stream().map(p -> new PhaseSpec(p.key(), p.name(),
                p.duration() == null ? null : PlanPeriod.parse(p.duration()).orElseThrow())).toList();
        List<Phase> phases = SubscriptionTimeline.phases(s.activeFrom(), s.activeTo(), specs).stream()
                .map(t -> phase(plan, t)).toList();
        PlanPeriod cadence = s.cadence();
        Instant current = now.isBefore(s.activeFrom()) ? s.activeFrom() : now;
        SubscriptionTimeline.Bounds period = SubscriptionTimeline.periodAround(s.billingAnchor(), cadence, current);
        boolean running = s.activeTo() == null || now.isBefore(s.activeTo());
        boolean prorates = plan.proRatingConfig() == null || plan.proRatingConfig().enabled();
        List<BillingPeriod> timeline = SubscriptionTimeline.periods(s.activeFrom(), s.activeTo(), s.billingAnchor(),
                cadence, specs, period.to());
        List<Period> periods = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            boolean firstOfPhase = i == 0 || !timeline.get(i - 1).phaseKey().equals(timeline.get(i).phaseKey());
            periods.add(period(plan, timeline.get(i), prorates, firstOfPhase));
        }
        return new SubscriptionExpandedView(SubscriptionView.of(s, now),
                new Alignment(true, running ? new Bounds(period.from(), period.to()) : null), phases, periods);
    }

    private static Phase phase(Plan plan, SubscriptionTimeline.PhaseTiming timing) {
        PlanPhase phase = plan.phases().stream().filter(p -> p.key().equals(timing.key())).findFirst().orElseThrow();
        return new Phase(phase.key(), phase.name(), phase.description(), timing.activeFrom(), timing.activeTo(),
                phase.rateCards());
    }

    private static Period period(Plan plan, BillingPeriod p, boolean prorates, boolean firstOfPhase) {
        return new Period(p.phaseKey(), p.from(), p.to(), p.fullFrom(), p.fullTo(),
                prorates ? p.share() : BigDecimal.ONE, ProratedFlatFees.of(plan, p, prorates, firstOfPhase).stream()
                        .map(fee -> new Fee(fee.key(), fee.name(), fee.amount())).toList());
    }
}
