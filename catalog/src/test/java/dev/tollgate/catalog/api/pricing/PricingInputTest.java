package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PricingInputTest {

    @Test
    void negativeUsageIsInvalid() {
        assertThatThrownBy(() -> PricingInput.wholePeriod(d("-1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("usage must not be negative, but is -1");
        assertThatThrownBy(() -> PricingInput.progressive(d("-0.5"), d("1"), false, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroUsageIsValid() {
        assertThat(PricingInput.wholePeriod(d("0")).usage()).isZero();
    }

    @Test
    void theFirstLineHasNothingBilledBeforeIt() {
        assertThatThrownBy(() -> PricingInput.progressive(d("10"), d("1"), true, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("periodUsageBefore is 10");
    }

    @Test
    void prorationIsAFractionOfThePeriod() {
        assertThat(PricingInput.wholePeriod(d("1")).proration()).isEqualByComparingTo("1");
        assertThat(PricingInput.wholePeriod(d("1")).withProration(d("0")).proration()).isZero();
        assertThatThrownBy(() -> PricingInput.wholePeriod(d("1")).withProration(d("1.01")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PricingInput.wholePeriod(d("1")).withProration(d("-0.01")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> PricingInput.wholePeriod(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RateCardPricing(null, new UnitPrice(d("1"))))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void periodUsageAfterAddsTheLinesUsage() {
        assertThat(PricingInput.progressive(d("10.5"), d("2.25"), false, true).periodUsageAfter())
                .isEqualByComparingTo("12.75");
    }
}
