package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.FLAT_TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.inPieces;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.sumOfTotals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.totals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitmentsTest {

    private static RateCardPricing tenCents(Commitments commitments) {
        return usd(new UnitPrice(d("0.10"), commitments));
    }

    private static final RateCardPricing AT_MOST_100 = tenCents(Commitments.maximum(d("100")));
    private static final RateCardPricing AT_LEAST_100 = tenCents(Commitments.minimum(d("100")));

    @Test
    void maximumThatDoesNotBindChangesNothing() {
        PricedLines priced = whole(AT_MOST_100, "500");

        assertThat(priced.discounts()).isEmpty();
        assertThat(priced.total()).isEqualTo(d("50.00"));
    }

    @Test
    void maximumExactlyReachedDoesNotBind() {
        assertThat(whole(AT_MOST_100, "1000").discounts()).isEmpty();
    }

    @Test
    void maximumThatBindsDiscountsTheCharges() {
        PricedLines priced = whole(AT_MOST_100, "1500");

        assertThat(priced.subtotal()).isEqualTo(d("150.00"));
        assertThat(priced.discounts()).containsExactly(new AmountDiscount(DiscountKind.MAXIMUM_SPEND,
                "Maximum spend: charges over 100.00 are not billed", d("50.00")));
        assertThat(priced.total()).isEqualTo(d("100.00"));
    }

    @Test
    void maximumCapsTheCumulativeSpendOfProgressiveLines() {
        List<PricedLines> pieces = inPieces(AT_MOST_100, "600", "600", "600");

        assertThat(pieces).extracting(PricedLines::subtotal).containsExactly(d("60.00"), d("60.00"), d("60.00"));
        assertThat(pieces).extracting(PricedLines::discountTotal)
                .containsExactly(d("0.00"), d("20.00"), d("60.00"));
        assertThat(totals(pieces)).containsExactly(d("60.00"), d("40.00"), d("0.00"));
        assertThat(sumOfTotals(pieces)).isEqualTo(d("100.00"));
    }

    @Test
    void minimumThatBindsIsToppedUpOnTheLastLine() {
        PricedLines priced = whole(AT_LEAST_100, "300");

        assertThat(priced.lines()).containsExactly(
                new PricedLine("usage", LineKind.USAGE, "Usage", d("300"), d("0.10"), d("30.00")),
                new PricedLine("minimum-spend", LineKind.MINIMUM_SPEND, "Minimum spend of 100.00", d("1"),
                        d("70.00"), d("70.00")));
        assertThat(priced.total()).isEqualTo(d("100.00"));
    }

    @Test
    void minimumIsOnlyChargedByTheLastLineOfAPeriod() {
        List<PricedLines> pieces = inPieces(AT_LEAST_100, "200", "100", "0");

        assertThat(pieces.get(0).line("minimum-spend")).isEmpty();
        assertThat(pieces.get(1).line("minimum-spend")).isEmpty();
        assertThat(pieces.get(2).line("minimum-spend").orElseThrow().amount()).isEqualTo(d("70.00"));
        assertThat(totals(pieces)).containsExactly(d("20.00"), d("10.00"), d("70.00"));
    }

    @Test
    void minimumThatDoesNotBindAddsNothing() {
        PricedLines priced = whole(AT_LEAST_100, "1500");

        assertThat(priced.line("minimum-spend")).isEmpty();
        assertThat(priced.total()).isEqualTo(d("150.00"));
    }

    @Test
    void minimumExactlyReachedAddsNothing() {
        assertThat(whole(AT_LEAST_100, "1000").line("minimum-spend")).isEmpty();
    }

    @Test
    void minimumCountsWhatEarlierLinesBilled() {
        PricedLines lastLine = PricingEngine.price(AT_LEAST_100,
                PricingInput.progressive(d("900"), d("50"), false, true));

        assertThat(lastLine.line("minimum-spend").orElseThrow().amount()).isEqualTo(d("5.00"));
        assertThat(lastLine.total()).isEqualTo(d("10.00"));
    }

    @Test
    void minimumCountsTierFlatPricesBilledEarlier() {
        RateCardPricing tiered = usd(TieredPrice.graduated(FLAT_TIERS).withCommitments(Commitments.minimum(d("100"))));

        List<PricedLines> pieces = inPieces(tiered, "0", "0");

        assertThat(totals(pieces)).containsExactly(d("10.00"), d("90.00"));
    }

    @Test
    void minimumAndMaximumTogether() {
        RateCardPricing between = tenCents(new Commitments(d("20"), d("100")));

        assertThat(whole(between, "100").total()).isEqualTo(d("20.00"));
        assertThat(whole(between, "500").total()).isEqualTo(d("50.00"));
        assertThat(whole(between, "5000").total()).isEqualTo(d("100.00"));
    }

    @Test
    void commitmentsAreRoundedToTheCurrency() {
        RateCardPricing oddMinimum = tenCents(Commitments.minimum(d("10.005")));

        assertThat(whole(oddMinimum, "0").total()).isEqualTo(d("10.01"));
    }

    @Test
    void zeroUsageWithAMinimumChargesTheMinimum() {
        assertThat(whole(AT_LEAST_100, "0").total()).isEqualTo(d("100.00"));
    }
}
