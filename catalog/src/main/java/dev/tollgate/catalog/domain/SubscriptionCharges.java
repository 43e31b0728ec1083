package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.api.pricing.FlatPrice;
import dev.tollgate.catalog.api.pricing.PaymentTerm;
import dev.tollgate.catalog.domain.SubscriptionTimeline.BillingPeriod;
import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a subscription charges, rate card by rate card and period by period: the catalog's side of invoicing. Each
 * priced rate card is billed over periods of its own cadence, anchored at the subscription's billing anchor and cut
 * where the subscription starts or ends and where a phase starts (a rate card's cadence may differ from the plan's). A
 * one-off flat fee is charged once, in the first plan period of its phase.
 */
public final class SubscriptionCharges {

    /**
     * One rate card over one of its periods.
     *
     * @param periodIndex counts the periods of the rate card's cadence from 0, from the subscription's start
     * @param proration the share of the full period a recurring flat fee is charged
     * @param invoiceAt the period's start for a flat fee paid in advance, its end otherwise
     */
    public record Charge(PlanPhase phase, RateCard rateCard, int periodIndex, BillingPeriod period,
            BigDecimal proration, Instant invoiceAt) {

        public boolean isFlatFee() {
            return rateCard.price() instanceof FlatPrice;
        }
    }

    private SubscriptionCharges() {
    }

    /** The charges for the periods that start before {@code until}, ordered by period start, then phase order. */
    public static List<Charge> until(Subscription subscription, Plan plan, Instant until) {
        boolean prorates = plan.proRatingConfig() == null || plan.proRatingConfig().enabled();
        List<Charge> charges = new ArrayList<>();
        Set<String> cadences = new LinkedHashSet<>();
        plan.phases().forEach(phase -> phase.rateCards().stream().filter(card -> card.price() != null)
                .forEach(card -> cadences.add(Objects.requireNonNullElse(card.billingCadence(),
                        plan.billingCadence()))));
        for (String cadence : cadences) {
            IsoPeriod step = IsoPeriod.parse(cadence).orElseThrow();
            // Whole periods: the one under way at `until` ends where its cadence says, not at `until`.
            Instant horizon = SubscriptionTimeline.periodAround(subscription.billingAnchor(), step, until).to();
            List<BillingPeriod> periods = SubscriptionTimeline.periods(subscription.activeFrom(),
                    subscription.activeTo(), subscription.billingAnchor(), step, SubscriptionSchedule.specs(plan),
                    horizon).stream().filter(p -> p.from().isBefore(until)).toList();
            for (int index = 0; index < periods.size(); index++) {
                BillingPeriod period = periods.get(index);
                boolean firstOfPhase = index == 0 || !periods.get(index - 1).phaseKey().equals(period.phaseKey());
                PlanPhase phase = plan.phase(period.phaseKey());
                for (RateCard card : phase.rateCards()) {
                    if (card.price() == null || !cadence.equals(cadenceOf(card, plan))) {
                        continue;
                    }
                    boolean oneOff = card.billingCadence() == null;
                    if (oneOff && !firstOfPhase) {
                        continue;
                    }
                    charges.add(charge(phase, card, index, period, prorates && !oneOff));
                }
            }
        }
        charges.sort(Comparator.comparing((Charge c) -> c.period().from())
                .thenComparing(c -> plan.phases().indexOf(c.phase()))
                .thenComparing(c -> c.phase().rateCards().indexOf(c.rateCard())));
        return charges;
    }

    private static String cadenceOf(RateCard card, Plan plan) {
        return Objects.requireNonNullElse(card.billingCadence(), plan.billingCadence());
    }

    private static Charge charge(PlanPhase phase, RateCard card, int index, BillingPeriod period, boolean prorates) {
        boolean flat = card.price() instanceof FlatPrice;
        BigDecimal proration = flat && prorates ? period.share() : BigDecimal.ONE;
        boolean inAdvance = flat && ((FlatPrice) card.price()).paymentTerm() == PaymentTerm.IN_ADVANCE;
        return new Charge(phase, card, index, period, proration, inAdvance ? period.from() : period.to());
    }
}
