package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.keys;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** OpenMeter's order: usage discount, price, percentage discount, maximum, then minimum commitment. */
class CalculationOrderTest {

    @Test
    void usageDiscountComesBeforeThePriceSoItCanChangeTheVolumeTier() {
        // 1200 units would be tier 2 (96.00); 700 priced units are tier 1, not 500 units off a tier 2 bill (56.00).
        PricedLines priced = whole(usd(TieredPrice.volume(TIERS), Discounts.freeUnits(d("500"))), "1200");

        assertThat(keys(priced)).containsExactly("tier-1-usage");
        assertThat(priced.total()).isEqualTo(d("70.00"));
    }

    @Test
    void percentageDiscountComesBeforeTheMaximum() {
        // 150.00 less 20% is 120.00, capped at 100.00; capping first would give 80.00.
        PricedLines priced = whole(usd(new UnitPrice(d("0.10"), Commitments.maximum(d("100"))),
                Discounts.percentOff(d("20"))), "1500");

        assertThat(priced.discounts()).extracting(AmountDiscount::kind, AmountDiscount::amount).containsExactly(
                tuple(DiscountKind.PERCENTAGE, d("30.00")),
                tuple(DiscountKind.MAXIMUM_SPEND, d("20.00")));
        assertThat(priced.total()).isEqualTo(d("100.00"));
    }

    @Test
    void percentageDiscountComesBeforeTheMinimum() {
        // 100.00 less 50% is 50.00, topped up to 80.00; checking the minimum first would give 50.00.
        PricedLines priced = whole(usd(new UnitPrice(d("0.10"), Commitments.minimum(d("80"))),
                Discounts.percentOff(d("50"))), "1000");

        assertThat(priced.line("minimum-spend").orElseThrow().amount()).isEqualTo(d("30.00"));
        assertThat(priced.total()).isEqualTo(d("80.00"));
    }

    @Test
    void theMinimumTopUpIsNotDiscounted() {
        PricedLines priced = whole(usd(new UnitPrice(d("0.10"), Commitments.minimum(d("80"))),
                Discounts.percentOff(d("50"))), "0");

        assertThat(priced.discounts()).isEmpty();
        assertThat(priced.total()).isEqualTo(d("80.00"));
    }

    @Test
    void maximumComesBeforeTheMinimum() {
        RateCardPricing equalCommitments = usd(new UnitPrice(d("0.10"), new Commitments(d("100"), d("100"))));

        assertThat(whole(equalCommitments, "300").total()).isEqualTo(d("100.00"));
        assertThat(whole(equalCommitments, "3000").total()).isEqualTo(d("100.00"));
        assertThat(whole(equalCommitments, "3000").line("minimum-spend")).isEmpty();
    }
}
