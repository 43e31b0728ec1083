package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.FLAT_TIERS;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeTieredPriceTest {

    private static final RateCardPricing VOLUME = usd(TieredPrice.volume(TIERS));
    private static final RateCardPricing GRADUATED = usd(TieredPrice.graduated(TIERS));
    private static final RateCardPricing VOLUME_FLAT = usd(TieredPrice.volume(FLAT_TIERS));

    @ParameterizedTest(name = "{0} units: volume {1}, graduated {2}")
    @CsvSource({
            "0, 0.00, 0.00",
            "500, 50.00, 50.00",
            "1000, 100.00, 100.00",
            "1001, 80.08, 100.08",
            "5000, 400.00, 420.00",
            "5000.000001, 250.00, 420.00",
            "7500, 375.00, 545.00",
    })
    void theTierOfTheWholeUsagePricesAllOfIt(String usage, String volume, String graduated) {
        assertThat(whole(VOLUME, usage).total()).isEqualTo(d(volume));
        assertThat(whole(GRADUATED, usage).total()).isEqualTo(d(graduated));
    }

    @Test
    void oneLineForTheTierThatApplies() {
        PricedLines priced = whole(VOLUME, "1001");

        assertThat(priced.lines()).containsExactly(
                new PricedLine("tier-2-usage", LineKind.TIER_USAGE, "Tier 2 usage", d("1001"), d("0.08"),
                        d("80.08")));
    }

    @Test
    void usageExactlyAtUpToStaysInThatTier() {
        assertThat(keys(whole(VOLUME, "1000"))).containsExactly("tier-1-usage");
        assertThat(keys(whole(VOLUME, "5000"))).containsExactly("tier-2-usage");
        assertThat(keys(whole(VOLUME, "5000.000001"))).containsExactly("tier-3-usage");
    }

    @ParameterizedTest(name = "{0} units cost {1}")
    @CsvSource({
            "0, 10.00",
            "100, 10.00",
            "101, 30.05",
            "1000, 75.00",
            "1500, 30.00",
    })
    void theTiersFlatPriceIsChargedWithItsUnitPrice(String usage, String total) {
        assertThat(whole(VOLUME_FLAT, usage).total()).isEqualTo(d(total));
    }

    @Test
    void zeroUsageChargesTheFirstTiersFlatPrice() {
        PricedLines priced = whole(VOLUME_FLAT, "0");

        assertThat(priced.lines()).containsExactly(new PricedLine("tier-1-flat-price", LineKind.TIER_FLAT_PRICE,
                "Tier 1 flat price", d("1"), d("10.00"), d("10.00")));
    }

    @Test
    void progressiveBillingDefersEverythingToTheLastLine() {
        List<PricedLines> pieces = inPieces(VOLUME_FLAT, "80", "40");

        assertThat(pieces.get(0).lines()).isEmpty();
        assertThat(keys(pieces.get(1))).containsExactly("tier-2-flat-price", "tier-2-usage");
        assertThat(pieces.get(1).line("tier-2-usage").orElseThrow().quantity()).isEqualByComparingTo("120");
        assertThat(totals(pieces)).containsExactly(d("0.00"), d("31.00"));
        assertThat(sumOfTotals(pieces)).isEqualTo(whole(VOLUME_FLAT, "120").total());
    }
}
