package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.inPieces;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.sumOfTotals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.totals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitPriceTest {

    private static final RateCardPricing TEN_CENTS = usd(new UnitPrice(d("0.10")));

    @Test
    void chargesAmountPerUnit() {
        PricedLines priced = whole(TEN_CENTS, "1234");

        assertThat(priced.lines()).containsExactly(
                new PricedLine("usage", LineKind.USAGE, "Usage", d("1234"), d("0.10"), d("123.40")));
        assertThat(priced.total()).isEqualTo(d("123.40"));
        assertThat(priced.totalInMinorUnits()).isEqualTo(BigInteger.valueOf(12340));
        assertThat(priced.discounts()).isEmpty();
        assertThat(priced.freeUsage()).isZero();
    }

    @Test
    void subCentPriceIsRoundedOnlyOnTheLine() {
        PricedLines priced = whole(usd(new UnitPrice(d("0.000002"))), "1234567");

        assertThat(priced.total()).isEqualTo(d("2.47"));
    }

    @Test
    void fractionalUsageIsPricedExactly() {
        assertThat(whole(TEN_CENTS, "0.04").total()).isEqualTo(d("0.00"));
        assertThat(whole(TEN_CENTS, "0.05").total()).isEqualTo(d("0.01"));
        assertThat(whole(TEN_CENTS, "12.345").total()).isEqualTo(d("1.23"));
    }

    @Test
    void zeroUsageChargesNothing() {
        PricedLines priced = whole(TEN_CENTS, "0");

        assertThat(priced.lines()).isEmpty();
        assertThat(priced.total()).isEqualTo(d("0.00"));
    }

    @Test
    void progressiveLinesBillTheirOwnUsage() {
        List<PricedLines> pieces = inPieces(TEN_CENTS, "100", "0", "250");

        assertThat(totals(pieces)).containsExactly(d("10.00"), d("0.00"), d("25.00"));
        assertThat(pieces.get(1).lines()).isEmpty();
    }

    @Test
    void progressiveRoundingAddsUpToTheWholePeriod() {
        // About a third of a cent each: priced on their own the lines would round to 0.00 + 0.00 + 0.00, not 0.01.
        RateCardPricing oneTenthOfACent = usd(new UnitPrice(d("0.001")));

        List<PricedLines> pieces = inPieces(oneTenthOfACent, "3.33", "3.33", "3.34");

        assertThat(totals(pieces)).containsExactly(d("0.00"), d("0.01"), d("0.00"));
        assertThat(sumOfTotals(pieces)).isEqualTo(whole(oneTenthOfACent, "10").total()).isEqualTo(d("0.01"));
    }

    @Test
    void aLineMayDifferFromQuantityTimesUnitPriceByOneMinorUnit() {
        RateCardPricing halfCent = usd(new UnitPrice(d("0.005")));

        List<PricedLines> pieces = inPieces(halfCent, "1", "1");

        // 0.005 rounds up to 0.01; 0.010 to date is 0.01, so the second line adds nothing.
        assertThat(pieces.get(0).lines().get(0).amount()).isEqualTo(d("0.01"));
        assertThat(pieces.get(1).lines().get(0).quantity()).isEqualByComparingTo("1");
        assertThat(pieces.get(1).lines().get(0).amount()).isEqualTo(d("0.00"));
    }
}
