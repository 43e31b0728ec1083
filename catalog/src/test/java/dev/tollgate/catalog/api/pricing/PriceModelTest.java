package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceModelTest {

    @Test
    void typesAreOpenMetersNames() {
        assertThat(List.of(FlatPrice.inAdvance(d("1")), new UnitPrice(d("1")), TieredPrice.graduated(TIERS),
                new PackagePrice(d("1"), d("1")), new DynamicPrice(d("1"))))
                .extracting(Price::type).containsExactly("flat", "unit", "tiered", "package", "dynamic");
        assertThat(TierMode.GRADUATED.apiName()).isEqualTo("graduated");
        assertThat(TierMode.VOLUME.apiName()).isEqualTo("volume");
    }

    @Test
    void absentCommitmentsAndDiscountsMeanNone() {
        assertThat(new UnitPrice(d("1"), null).commitments()).isEqualTo(Commitments.NONE);
        assertThat(new PackagePrice(d("1"), d("1"), null).commitments()).isEqualTo(Commitments.NONE);
        assertThat(new DynamicPrice(d("1"), null).commitments()).isEqualTo(Commitments.NONE);
        assertThat(new TieredPrice(TierMode.VOLUME, TIERS, null).commitments()).isEqualTo(Commitments.NONE);
        assertThat(new RateCardPricing(PricingFixtures.USD, new UnitPrice(d("1")), null).discounts())
                .isEqualTo(Discounts.NONE);
    }

    @Test
    void tiersAreCopied() {
        List<PriceTier> tiers = new ArrayList<>(TIERS);
        TieredPrice price = TieredPrice.graduated(tiers);

        tiers.clear();

        assertThat(price.tiers()).hasSize(3);
        assertThatThrownBy(() -> price.tiers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyTheLastTierIsOpen() {
        assertThat(TIERS).extracting(PriceTier::isOpen).containsExactly(false, false, true);
    }
}
