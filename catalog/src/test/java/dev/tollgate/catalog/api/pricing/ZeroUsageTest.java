package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.FLAT_TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ZeroUsageTest {

    static Stream<Arguments> pricesThatChargeNothingForNothing() {
        return Stream.of(
                Arguments.of("unit", new UnitPrice(d("0.10"))),
                Arguments.of("package", new PackagePrice(d("5"), d("1000"))),
                Arguments.of("dynamic", new DynamicPrice(d("1.5"))),
                Arguments.of("graduated", TieredPrice.graduated(TIERS)),
                Arguments.of("volume", TieredPrice.volume(TIERS)),
                Arguments.of("maximum", new UnitPrice(d("0.10"), Commitments.maximum(d("100")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pricesThatChargeNothingForNothing")
    void noUsageNoCharge(String name, Price price) {
        PricedLines priced = whole(usd(price, Discounts.percentOff(d("10")).withFreeUnits(d("5"))), "0");

        assertThat(priced.lines()).isEmpty();
        assertThat(priced.discounts()).isEmpty();
        assertThat(priced.freeUsage()).isZero();
        assertThat(priced.total()).isEqualTo(d("0.00"));
    }

    static Stream<Arguments> pricesThatChargeForNothing() {
        return Stream.of(
                Arguments.of("flat fee", FlatPrice.inAdvance(d("30")), "30.00"),
                Arguments.of("graduated with a flat first tier", TieredPrice.graduated(FLAT_TIERS), "10.00"),
                Arguments.of("volume with a flat first tier", TieredPrice.volume(FLAT_TIERS), "10.00"),
                Arguments.of("minimum", new UnitPrice(d("0.10"), Commitments.minimum(d("25"))), "25.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pricesThatChargeForNothing")
    void noUsageStillChargesFixedParts(String name, Price price, String total) {
        assertThat(whole(usd(price), "0").total()).isEqualTo(d(total));
    }
}
