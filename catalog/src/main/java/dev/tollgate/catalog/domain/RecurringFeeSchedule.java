package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.api.RecurringFees;
import dev.tollgate.catalog.api.pricing.FlatPrice;
import java.math.BigDecimal;
import java.time.Instant;
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
        return of(subscription.id(), subscription.customerId(), subscription.currency(), subscription.planKey(),
                subscription.planVersion(), subscription.activeFrom(), subscription.activeTo(), plan);
    }

    /**
     * From only the subscription's fields that the schedule needs, so that finance's read of every subscription
     * loads just these columns.
     */
    public static RecurringFees.SubscriptionFees of(String id, String customerId, String currency, String planKey,
            int planVersion, Instant activeFrom, Instant activeTo, Plan plan) {
        List<RecurringFees.Fee> fees = new ArrayList<>();
        for (SubscriptionSchedule.ScheduledPhase phase : SubscriptionSchedule.phases(activeFrom, activeTo, plan)) {
            for (RateCard card : phase.phase().rateCards()) {
                if (card.price() instanceof FlatPrice flat && card.billingCadence() != null) {
                    BigDecimal percentage = card.discounts() == null || card.discounts().percentage() == null
                            ? BigDecimal.ZERO : card.discounts().percentage().percentage();
                    fees.add(new RecurringFees.Fee(phase.phase().key(), card.key(), card.featureKey(),
                            phase.activeFrom(), phase.activeTo(), flat.amount(), percentage, card.billingCadence()));
                }
            }
        }
        return new RecurringFees.SubscriptionFees(id, customerId, currency, planKey, planVersion, plan.name(),
                activeFrom, activeTo, fees);
    }
}
