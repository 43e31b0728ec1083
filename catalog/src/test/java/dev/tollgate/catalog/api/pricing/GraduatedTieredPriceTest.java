package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.FLAT_TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.amountOf;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraduatedTieredPriceTest {

    private static final RateCardPricing GRADUATED = usd(TieredPrice.graduated(TIERS));
    private static final RateCardPricing GRADUATED_FLAT = usd(TieredPrice.graduated(FLAT_TIERS));

    @ParameterizedTest(name = "{0} units cost {1}")
    @CsvSource({
            "0, 0.00",
            "1, 0.10",
            "999.999999, 100.00",
            "1000, 100.00",
            "1000.000001, 100.00",
            "1001, 100.08",
            "5000, 420.00",
            "5001, 420.05",
            "7500, 545.00",
            "1000000, 50170.00",
    })
    void eachTierPricesTheUsageWithinIt(String usage, String total) {
        assertThat(whole(GRADUATED, usage).total()).isEqualTo(d(total));
    }

    @Test
    void usageExactlyAtUpToBelongsToThatTier() {
        PricedLines priced = whole(GRADUATED, "1000");

        assertThat(priced.lines()).containsExactly(
                new PricedLine("tier-1-usage", LineKind.TIER_USAGE, "Tier 1 usage", d("1000"), d("0.10"),
                        d("100.00")));
    }

    @Test
    void justOverUpToStartsTheNextTier() {
        PricedLines priced = whole(GRADUATED, "1000.000001");

        assertThat(keys(priced)).containsExactly("tier-1-usage", "tier-2-usage");
        assertThat(priced.line("tier-2-usage").orElseThrow().quantity()).isEqualByComparingTo("0.000001");
        assertThat(amountOf(priced, "tier-2-usage")).isEqualTo(d("0.00"));
    }

    @Test
    void theOpenLastTierTakesEverythingAboveTheLastUpTo() {
        PricedLines priced = whole(GRADUATED, "7500");

        assertThat(priced.lines()).extracting(PricedLine::quantity).map(q -> q.stripTrailingZeros().toPlainString())
                .containsExactly("1000", "4000", "2500");
        assertThat(priced.lines()).extracting(PricedLine::amount)
                .containsExactly(d("100.00"), d("320.00"), d("125.00"));
    }

    @ParameterizedTest(name = "{0} units cost {1}")
    @CsvSource({
            "0, 10.00",
            "50, 10.00",
            "100, 10.00",
            "100.5, 35.03",
            "101, 35.05",
            "1000, 80.00",
            "1500, 90.00",
    })
    void flatPricesAreChargedOnceUsageReachesTheirTier(String usage, String total) {
        assertThat(whole(GRADUATED_FLAT, usage).total()).isEqualTo(d(total));
    }

    @Test
    void theFirstTiersFlatPriceIsChargedAtZeroUsage() {
        PricedLines priced = whole(GRADUATED_FLAT, "0");

        assertThat(priced.lines()).containsExactly(new PricedLine("tier-1-flat-price", LineKind.TIER_FLAT_PRICE,
                "Tier 1 flat price", d("1"), d("10.00"), d("10.00")));
    }

    @Test
    void tierLinesComeInTierOrderFlatPriceFirst() {
        assertThat(keys(whole(GRADUATED_FLAT, "1500")))
                .containsExactly("tier-1-flat-price", "tier-2-flat-price", "tier-2-usage", "tier-3-usage");
    }

    @Test
    void progressiveBillingCrossesATierBoundary() {
        List<PricedLines> pieces = inPieces(GRADUATED_FLAT, "80", "40", "1380");

        assertThat(keys(pieces.get(0))).containsExactly("tier-1-flat-price");
        assertThat(keys(pieces.get(1))).containsExactly("tier-2-flat-price", "tier-2-usage");
        assertThat(pieces.get(1).line("tier-2-usage").orElseThrow().quantity()).isEqualByComparingTo("20");
        assertThat(keys(pieces.get(2))).containsExactly("tier-2-usage", "tier-3-usage");
        assertThat(totals(pieces)).containsExactly(d("10.00"), d("26.00"), d("54.00"));
        assertThat(sumOfTotals(pieces)).isEqualTo(whole(GRADUATED_FLAT, "1500").total());
    }

    @Test
    void aLineStartingExactlyAtUpToChargesTheNextTiersFlatPrice() {
        List<PricedLines> pieces = inPieces(GRADUATED_FLAT, "100", "1");

        assertThat(keys(pieces.get(0))).containsExactly("tier-1-flat-price");
        assertThat(keys(pieces.get(1))).containsExactly("tier-2-flat-price", "tier-2-usage");
        assertThat(pieces.get(1).total()).isEqualTo(d("25.05"));
    }

    @Test
    void theFirstTiersFlatPriceIsNotChargedAgainAfterTheFirstLine() {
        PricedLines laterLine = PricingEngine.price(GRADUATED_FLAT, PricingInput.progressive(d("0"), d("0"), false,
                true));

        assertThat(laterLine.lines()).isEmpty();
        assertThat(laterLine.total()).isEqualTo(d("0.00"));
    }

    @Test
    void progressiveLinesWithinOneTier() {
        List<PricedLines> pieces = inPieces(GRADUATED, "1500", "2000", "500");

        assertThat(keys(pieces.get(1))).containsExactly("tier-2-usage");
        assertThat(totals(pieces)).containsExactly(d("140.00"), d("160.00"), d("40.00"));
        assertThat(sumOfTotals(pieces)).isEqualTo(whole(GRADUATED, "4000").total());
    }
}
