package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.inPieces;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.keys;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.sumOfTotals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.totals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiscountsTest {

    private static final UnitPrice TEN_CENTS = new UnitPrice(d("0.10"));
    private static final RateCardPricing FIRST_THOUSAND_FREE = usd(TEN_CENTS, Discounts.freeUnits(d("1000")));

    @Test
    void usageDiscountMakesTheFirstUnitsOfThePeriodFree() {
        PricedLines priced = whole(FIRST_THOUSAND_FREE, "1500");

        assertThat(priced.freeUsage()).isEqualByComparingTo("1000");
        assertThat(priced.lines()).containsExactly(
                new PricedLine("usage", LineKind.USAGE, "Usage", d("500"), d("0.10"), d("50.00")));
        assertThat(priced.discounts()).isEmpty();
        assertThat(priced.total()).isEqualTo(d("50.00"));
    }

    @Test
    void usageDiscountLargerThanTheUsageLeavesNothingToPay() {
        PricedLines priced = whole(FIRST_THOUSAND_FREE, "600");

        assertThat(priced.freeUsage()).isEqualByComparingTo("600");
        assertThat(priced.lines()).isEmpty();
        assertThat(priced.total()).isEqualTo(d("0.00"));
    }

    @Test
    void usageDiscountIsSpreadOverProgressiveLines() {
        List<PricedLines> pieces = inPieces(FIRST_THOUSAND_FREE, "600", "600", "600");

        assertThat(pieces).extracting(PricedLines::freeUsage).map(q -> q.stripTrailingZeros().toPlainString())
                .containsExactly("600", "400", "0");
        assertThat(totals(pieces)).containsExactly(d("0.00"), d("20.00"), d("60.00"));
        assertThat(sumOfTotals(pieces)).isEqualTo(whole(FIRST_THOUSAND_FREE, "1800").total());
    }

    @Test
    void usageDiscountComesOffTheBottomTiers() {
        PricedLines priced = whole(usd(TieredPrice.graduated(TIERS), Discounts.freeUnits(d("1000"))), "1500");

        assertThat(keys(priced)).containsExactly("tier-1-usage");
        assertThat(priced.total()).isEqualTo(d("50.00"));
    }

    @Test
    void percentageDiscountIsTakenOffTheCharges() {
        PricedLines priced = whole(usd(new UnitPrice(d("0.01")), Discounts.percentOff(d("20"))), "12345");

        assertThat(priced.subtotal()).isEqualTo(d("123.45"));
        assertThat(priced.discounts()).containsExactly(
                new AmountDiscount(DiscountKind.PERCENTAGE, "20% discount", d("24.69")));
        assertThat(priced.total()).isEqualTo(d("98.76"));
    }

    @Test
    void percentageDiscountRoundsHalfUp() {
        PricedLines priced = whole(usd(TEN_CENTS, Discounts.percentOff(d("15"))), "1");

        assertThat(priced.discountTotal()).isEqualTo(d("0.02"));
        assertThat(priced.total()).isEqualTo(d("0.08"));
    }

    @Test
    void hundredPercentDiscountLeavesNothingToPay() {
        PricedLines priced = whole(usd(TEN_CENTS, Discounts.percentOff(d("100"))), "777");

        assertThat(priced.subtotal()).isEqualTo(d("77.70"));
        assertThat(priced.total()).isEqualTo(d("0.00"));
    }

    @Test
    void fractionalPercentage() {
        PricedLines priced = whole(usd(TEN_CENTS, Discounts.percentOff(d("12.5"))), "1000");

        assertThat(priced.discounts()).containsExactly(
                new AmountDiscount(DiscountKind.PERCENTAGE, "12.5% discount", d("12.50")));
    }

    @Test
    void percentageDiscountOverProgressiveLinesAddsUp() {
        RateCardPricing discounted = usd(new UnitPrice(d("0.03")), Discounts.percentOff(d("15")));

        List<PricedLines> pieces = inPieces(discounted, "1", "1", "1", "1");

        assertThat(sumOfTotals(pieces)).isEqualTo(whole(discounted, "4").total()).isEqualTo(d("0.10"));
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.total().signum()).isNotNegative());
    }

    @Test
    void bothDiscountsTogether() {
        PricedLines priced = whole(usd(TEN_CENTS, Discounts.freeUnits(d("1000")).withPercentOff(d("50"))), "1500");

        assertThat(priced.freeUsage()).isEqualByComparingTo("1000");
        assertThat(priced.subtotal()).isEqualTo(d("50.00"));
        assertThat(priced.total()).isEqualTo(d("25.00"));
    }
}
