package dev.tollgate.catalog.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What finance asks the catalog for recurring revenue: each subscription with the recurring flat fees of its plan
 * version, phase by phase, in the times they apply. Usage-based prices are left out: they are not recurring revenue.
 */
public interface RecurringFees {

    /**
     * A live subscription and its recurring fees.
     *
     * @param activeTo null while it has no end
     */
    record SubscriptionFees(String id, String customerId, String currency, String planKey, int planVersion,
            String planName, Instant activeFrom, Instant activeTo, List<Fee> fees) {
    }

    /**
     * One recurring flat fee over one phase of the subscription.
     *
     * @param to null while the phase (the subscription's last) has no end
     * @param amount the price of one billing period, before discounts
     * @param percentageDiscount 0 to 100 off the amount; 0 when the rate card has none
     * @param billingCadence ISO 8601, the rate card's own cadence such as {@code P1M}, {@code P1Y} or {@code P1W}
     */
    record Fee(String phaseKey, String rateCardKey, String featureKey, Instant from, Instant to, BigDecimal amount,
            BigDecimal percentageDiscount, String billingCadence) {
    }

    /** The namespace's live subscriptions that started before {@code until}, ended or not, in start order. */
    List<SubscriptionFees> startedBefore(String namespace, Instant until);
}
