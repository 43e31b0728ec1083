package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.inPieces;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.sumOfTotals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DynamicPriceTest {

    @Test
    void multipliesAMoneyValuedUsage() {
        PricedLines priced = whole(usd(new DynamicPrice(d("1.25"))), "12.34");

        assertThat(priced.lines()).containsExactly(
                new PricedLine("usage", LineKind.USAGE, "Usage cost × 1.25", d("12.34"), d("1.25"), d("15.43")));
    }

    @Test
    void theMultiplierDefaultsToOne() {
        DynamicPrice price = new DynamicPrice(null, null);

        assertThat(price.multiplier()).isEqualByComparingTo("1");
        assertThat(whole(usd(price), "9.999").total()).isEqualTo(d("10.00"));
    }

    @Test
    void aZeroMultiplierChargesNothing() {
        assertThat(whole(usd(new DynamicPrice(d("0"))), "100").total()).isEqualTo(d("0.00"));
    }

    @Test
    void zeroUsageChargesNothing() {
        assertThat(whole(usd(new DynamicPrice(d("1.5"))), "0").lines()).isEmpty();
    }

    @Test
    void progressiveLinesAddUp() {
        RateCardPricing markup = usd(new DynamicPrice(d("1.1")));

        assertThat(sumOfTotals(inPieces(markup, "0.015", "0.015", "0.015")))
                .isEqualTo(whole(markup, "0.045").total()).isEqualTo(d("0.05"));
    }
}
