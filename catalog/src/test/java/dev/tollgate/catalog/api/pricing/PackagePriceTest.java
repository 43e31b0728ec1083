package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.inPieces;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.sumOfTotals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.totals;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackagePriceTest {

    private static final RateCardPricing FIVE_PER_THOUSAND = usd(new PackagePrice(d("5.00"), d("1000")));
    private static final RateCardPricing PER_UNIT_PACKAGE = usd(new PackagePrice(d("0.02"), d("1")));

    @ParameterizedTest(name = "{0} units are {1} packages costing {2}")
    @CsvSource({
            "0, 0, 0.00",
            "1, 1, 5.00",
            "999, 1, 5.00",
            "1000, 1, 5.00",
            "1000.000001, 2, 10.00",
            "3000, 3, 15.00",
            "3001, 4, 20.00",
    })
    void usageIsRoundedUpToWholePackages(String usage, String packages, String total) {
        PricedLines priced = whole(FIVE_PER_THOUSAND, usage);

        assertThat(priced.total()).isEqualTo(d(total));
        if (d(packages).signum() > 0) {
            assertThat(priced.lines()).containsExactly(new PricedLine("usage", LineKind.USAGE,
                    "Usage in packages of 1000", d(packages), d("5.00"), d(total)));
        } else {
            assertThat(priced.lines()).isEmpty();
        }
    }

    @Test
    void aPackageOfOneIsAUnitPriceForWholeUnits() {
        assertThat(whole(PER_UNIT_PACKAGE, "3").total()).isEqualTo(d("0.06"));
        assertThat(whole(PER_UNIT_PACKAGE, "2.1").total()).isEqualTo(d("0.06"));
        assertThat(whole(PER_UNIT_PACKAGE, "0.001").total()).isEqualTo(d("0.02"));
    }

    @Test
    void aFractionalPackageSizeCountsExactly() {
        RateCardPricing halfUnits = usd(new PackagePrice(d("1.00"), d("0.5")));

        assertThat(whole(halfUnits, "1.5").total()).isEqualTo(d("3.00"));
        assertThat(whole(halfUnits, "1.6").total()).isEqualTo(d("4.00"));
    }

    @Test
    void aPackageSizeWithoutAFiniteQuotientIsStillCountedExactly() {
        RateCardPricing thirds = usd(new PackagePrice(d("1.00"), d("3")));

        assertThat(whole(thirds, "10").total()).isEqualTo(d("4.00"));
        assertThat(whole(thirds, "9").total()).isEqualTo(d("3.00"));
    }

    @Test
    void progressiveLinesChargeOnlyNewlyStartedPackages() {
        List<PricedLines> pieces = inPieces(FIVE_PER_THOUSAND, "1500", "300", "700");

        assertThat(totals(pieces)).containsExactly(d("10.00"), d("0.00"), d("5.00"));
        assertThat(pieces.get(1).lines()).isEmpty();
        assertThat(pieces.get(2).lines().get(0).quantity()).isEqualByComparingTo("1");
        assertThat(sumOfTotals(pieces)).isEqualTo(whole(FIVE_PER_THOUSAND, "2500").total());
    }
}
