package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.JPY;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.inPieces;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.totals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlatPriceTest {

    private static final RateCardPricing IN_ADVANCE = usd(FlatPrice.inAdvance(d("30.00")));
    private static final RateCardPricing IN_ARREARS = usd(FlatPrice.inArrears(d("30.00")));

    @Test
    void aWholePeriodChargesTheFee() {
        assertThat(whole(IN_ADVANCE, "0").lines()).containsExactly(
                new PricedLine("flat-fee", LineKind.FLAT_FEE, "Flat fee", d("1"), d("30.00"), d("30.00")));
        assertThat(whole(IN_ARREARS, "0").total()).isEqualTo(d("30.00"));
    }

    @Test
    void thePaymentTermDefaultsToInAdvanceAsInOpenMeter() {
        assertThat(new FlatPrice(d("1"), null).paymentTerm()).isEqualTo(PaymentTerm.IN_ADVANCE);
        assertThat(PaymentTerm.IN_ADVANCE.apiName()).isEqualTo("in_advance");
        assertThat(PaymentTerm.IN_ARREARS.apiName()).isEqualTo("in_arrears");
    }

    @Test
    void usageDoesNotChangeTheFee() {
        assertThat(whole(IN_ADVANCE, "12345").total()).isEqualTo(d("30.00"));
    }

    @Test
    void inAdvanceIsChargedWithTheFirstLine() {
        assertThat(totals(inPieces(IN_ADVANCE, "0", "0", "0"))).containsExactly(d("30.00"), d("0.00"), d("0.00"));
    }

    @Test
    void inArrearsIsChargedWithTheLastLine() {
        assertThat(totals(inPieces(IN_ARREARS, "0", "0", "0"))).containsExactly(d("0.00"), d("0.00"), d("30.00"));
    }

    @ParameterizedTest(name = "{0} of 30.00 is {1}")
    @CsvSource({
            "1, 30.00",
            "0.5, 15.00",
            "0.3333333333, 10.00",
            "0.1, 3.00",
            "0.0001, 0.00",
    })
    void prorationScalesTheFeeAndRoundsOnce(String fraction, String total) {
        PricedLines priced = PricingEngine.price(IN_ADVANCE, PricingInput.wholePeriod(d("0")).withProration(d(fraction)));

        assertThat(priced.total()).isEqualTo(d(total));
    }

    @Test
    void aProratedLineShowsTheFractionAsItsQuantity() {
        PricedLines priced = PricingEngine.price(usd(FlatPrice.inArrears(d("10.00"))),
                PricingInput.wholePeriod(d("0")).withProration(d("0.3333333333")));

        assertThat(priced.lines()).containsExactly(new PricedLine("flat-fee", LineKind.FLAT_FEE,
                "Flat fee, prorated", d("0.3333333333"), d("10.00"), d("3.33")));
    }

    @Test
    void prorationRoundsHalfUpInYen() {
        PricedLines priced = PricingEngine.price(new RateCardPricing(JPY, FlatPrice.inAdvance(d("999"))),
                PricingInput.wholePeriod(d("0")).withProration(d("0.5")));

        assertThat(priced.total()).isEqualTo(d("500"));
    }

    @Test
    void aZeroProrationChargesNothing() {
        PricedLines priced = PricingEngine.price(IN_ADVANCE, PricingInput.wholePeriod(d("0")).withProration(d("0")));

        assertThat(priced.lines()).isEmpty();
        assertThat(priced.total()).isEqualTo(d("0.00"));
    }

    @Test
    void aPercentageDiscountAppliesToTheFee() {
        PricedLines priced = whole(usd(FlatPrice.inAdvance(d("30.00")), Discounts.percentOff(d("10"))), "0");

        assertThat(priced.discounts()).containsExactly(
                new AmountDiscount(DiscountKind.PERCENTAGE, "10% discount", d("3.00")));
        assertThat(priced.total()).isEqualTo(d("27.00"));
    }
}
