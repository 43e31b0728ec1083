package dev.tollgate.catalog.domain;

import dev.tollgate.catalog.domain.SubscriptionTimeline.BillingPeriod;
import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.catalog.api.pricing.PricingEngine;
import dev.tollgate.catalog.api.pricing.PricingInput;
import dev.tollgate.catalog.api.pricing.RateCardPricing;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a billing period's flat fees come to: a recurring fee times the period's share when a change or cancellation
 * cuts it (and the plan prorates), a one-off fee in full in the first period of its phase. Priced by the pricing
 * engine, so rounded once to the currency's minor units.
 */
public final class ProratedFlatFees {

    /** One fee of one period. */
    public record Fee(String key, String name, BigDecimal amount) {
    }

    private ProratedFlatFees() {
    }

    public static List<Fee> of(Plan plan, BillingPeriod period, boolean prorates, boolean firstOfPhase) {
        PlanPhase phase = plan.phase(period.phaseKey());
        PricingCurrency currency = PricingCurrency.of(plan.currency());
        return phase.rateCards().stream()
                .filter(FlatFeeRateCard.class::isInstance).map(FlatFeeRateCard.class::cast)
                .filter(card -> card.price() != null && (card.billingCadence() != null || firstOfPhase))
                .map(card -> {
                    BigDecimal share = card.billingCadence() != null && prorates ? period.share() : BigDecimal.ONE;
                    BigDecimal amount = PricingEngine.price(new RateCardPricing(currency, card.price()),
                            PricingInput.wholePeriod(BigDecimal.ZERO).withProration(share)).total();
                    return new Fee(card.key(), Objects.requireNonNullElse(card.name(), card.key()), amount);
                }).toList();
    }
}
