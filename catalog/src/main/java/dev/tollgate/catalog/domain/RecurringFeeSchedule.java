package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.api.RecurringFees;
import dev.tollgate.catalog.api.pricing.FlatPrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription's recurring flat fees laid out on its phases: the catalog's side of MRR. A one-off fee (no cadence)
 * and a free rate card are not recurring revenue, and usage prices depend on usage, so only priced recurring flat
 * fees are listed.
 */
public final class RecurringFeeSchedule {

    private RecurringFeeSchedule() {
    }

    public static RecurringFees.SubscriptionFees of(Subscription subscription, Plan plan) {
        List<RecurringFees.Fee> fees = new ArrayList<>();
        for (SubscriptionSchedule.ScheduledPhase phase : SubscriptionSchedule.phases(subscription, plan)) {
            for (RateCard card : phase.phase().rateCards()) {
                if (card.price() instanceof FlatPrice flat && card.billingCadence() != null) {
                    BigDecimal percentage = card.discounts() == null || card.discounts().percentage() == null
                            ? BigDecimal.ZERO : card.discounts().percentage().percentage();
                    fees.add(new RecurringFees.Fee(phase.phase().key(), card.key(), card.featureKey(),
                            phase.activeFrom(), phase.activeTo(), flat.amount(), percentage, card.billingCadence()));
                }
            }
        }
        return new RecurringFees.SubscriptionFees(subscription.id(), subscription.customerId(),
                subscription.currency(), subscription.planKey(), subscription.planVersion(), plan.name(),
                subscription.activeFrom(), subscription.activeTo(), fees);
    }
}
