package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.catalog.api.pricing.PricingFixtures.FLAT_TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.TIERS;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.d;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.tier;
import static dev.tollgate.catalog.api.pricing.PricingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.shared.problem.ValidationError;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceRulesTest {

    private static final String CARD = "phases[0].rateCards[1]";

    private static List<ValidationError> price(Price price) {
        return PriceRules.forPrice("price", price);
    }

    private static ValidationError only(List<ValidationError> errors) {
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void validPricesBreakNoRule() {
        assertThat(price(FlatPrice.inAdvance(d("0")))).isEmpty();
        assertThat(price(new UnitPrice(d("0.000002")))).isEmpty();
        assertThat(price(TieredPrice.graduated(TIERS))).isEmpty();
        assertThat(price(TieredPrice.volume(FLAT_TIERS))).isEmpty();
        assertThat(price(TieredPrice.graduated(List.of(tier(null, "5", null))))).isEmpty();
        assertThat(price(new PackagePrice(d("5"), d("0.5")))).isEmpty();
        assertThat(price(new DynamicPrice(d("0")))).isEmpty();
        assertThat(price(new UnitPrice(d("1"), new Commitments(d("100"), d("100"))))).isEmpty();
        assertThat(PriceRules.forRateCard(CARD, new UnitPrice(d("1")),
                Discounts.percentOff(d("100")).withFreeUnits(d("0")))).isEmpty();
    }

    @Test
    void fieldsAreJsonPathsBelowTheCallersPrefix() {
        ValidationError error = only(PriceRules.forRateCard(CARD, TieredPrice.graduated(List.of(
                tier("1000", null, "0.10"), tier("5000", null, "0.08"), tier("1000", null, "0.07"),
                tier(null, null, "0.05"))), Discounts.NONE));

        assertThat(error.field()).isEqualTo("phases[0].rateCards[1].price.tiers[2].upToAmount");
        assertThat(error.code()).isEqualTo("not_ascending");
        assertThat(error.message()).isEqualTo("phases[0].rateCards[1].price.tiers[2].upToAmount must be greater than "
                + "tiers[1].upToAmount (5000)");
    }

    @Test
    void withoutAPrefixFieldsStartAtThePrice() {
        ValidationError error = only(PriceRules.forPrice("", new UnitPrice(d("-1"))));

        assertThat(error.field()).isEqualTo("amount");
        assertThat(error.message()).isEqualTo("amount must not be negative, but is -1");
    }

    @Test
    void equalUpToAmountsOverlap() {
        ValidationError error = only(price(TieredPrice.graduated(List.of(
                tier("1000", null, "0.10"), tier("1000", null, "0.08"), tier(null, null, "0.05")))));

        assertThat(error.field()).isEqualTo("price.tiers[1].upToAmount");
        assertThat(error.code()).isEqualTo("not_ascending");
    }

    @Test
    void onlyTheLastTierMayBeOpen() {
        ValidationError error = only(price(TieredPrice.volume(List.of(
                tier(null, null, "0.10"), tier("1000", null, "0.08"), tier(null, null, "0.05")))));

        assertThat(error.field()).isEqualTo("price.tiers[0].upToAmount");
        assertThat(error.code()).isEqualTo("open_tier_not_last");
        assertThat(error.message()).isEqualTo(
                "price.tiers[0].upToAmount is required: only the last tier is open-ended, and this is tier 1 of 3");
    }

    @Test
    void theLastTierMustBeOpen() {
        ValidationError error = only(price(TieredPrice.graduated(List.of(
                tier("1000", null, "0.10"), tier("5000", null, "0.08")))));

        assertThat(error.field()).isEqualTo("price.tiers[1].upToAmount");
        assertThat(error.code()).isEqualTo("last_tier_not_open");
    }

    @Test
    void atLeastOneTier() {
        ValidationError error = only(price(TieredPrice.graduated(List.of())));

        assertThat(error.field()).isEqualTo("price.tiers");
        assertThat(error.code()).isEqualTo("required");
        assertThat(error.message()).isEqualTo("price.tiers must have at least one tier");
        assertThat(only(price(new TieredPrice(TierMode.GRADUATED, null, null))).field()).isEqualTo("price.tiers");
    }

    @Test
    void aModeIsRequired() {
        ValidationError error = only(price(new TieredPrice(null, TIERS, null)));

        assertThat(error.field()).isEqualTo("price.mode");
        assertThat(error.code()).isEqualTo("required");
    }

    @Test
    void eachTierNeedsAFlatOrAUnitPrice() {
        ValidationError error = only(price(TieredPrice.graduated(List.of(
                tier("1000", null, "0.10"), tier(null, null, null)))));

        assertThat(error.field()).isEqualTo("price.tiers[1]");
        assertThat(error.code()).isEqualTo("missing_price");
        assertThat(error.message()).isEqualTo("price.tiers[1] must have a flatPrice, a unitPrice or both");
    }

    @Test
    void tierAmountsMustNotBeNegative() {
        List<ValidationError> errors = price(TieredPrice.graduated(List.of(
                tier("-1", "-2", "-3"), tier(null, null, "0.05"))));

        assertThat(errors).extracting(ValidationError::field).containsExactly(
                "price.tiers[0].upToAmount", "price.tiers[0].flatPrice.amount", "price.tiers[0].unitPrice.amount");
        assertThat(errors).extracting(ValidationError::code).containsOnly("negative");
    }

    @Test
    void packageSizeMustBePositive() {
        ValidationError zero = only(price(new PackagePrice(d("5"), d("0"))));
        ValidationError negative = only(price(new PackagePrice(d("5"), d("-10"))));
        ValidationError missing = only(price(new PackagePrice(d("5"), null)));

        assertThat(zero.field()).isEqualTo("price.quantityPerPackage");
        assertThat(zero.code()).isEqualTo("not_positive");
        assertThat(zero.message()).isEqualTo("price.quantityPerPackage must be greater than 0, but is 0");
        assertThat(negative.code()).isEqualTo("not_positive");
        assertThat(missing.code()).isEqualTo("required");
    }

    @Test
    void noNegativeAmountsAnywhere() {
        assertThat(only(price(FlatPrice.inArrears(d("-30")))).field()).isEqualTo("price.amount");
        assertThat(only(price(new UnitPrice(d("-0.1")))).field()).isEqualTo("price.amount");
        assertThat(only(price(new PackagePrice(d("-5"), d("10")))).field()).isEqualTo("price.amount");
        assertThat(only(price(new UnitPrice(d("1"), Commitments.minimum(d("-1"))))).field())
                .isEqualTo("price.minimumAmount");
        assertThat(only(price(new UnitPrice(d("1"), Commitments.maximum(d("-1"))))).field())
                .isEqualTo("price.maximumAmount");
    }

    @Test
    void amountsAreRequired() {
        ValidationError error = only(price(new UnitPrice(null)));

        assertThat(error.field()).isEqualTo("price.amount");
        assertThat(error.code()).isEqualTo("required");
        assertThat(error.message()).isEqualTo("price.amount is required");
        assertThat(only(price(new FlatPrice(null, null))).code()).isEqualTo("required");
    }

    @Test
    void dynamicMultiplierMustNotBeNegative() {
        ValidationError error = only(price(new DynamicPrice(d("-0.5"))));

        assertThat(error.field()).isEqualTo("price.multiplier");
        assertThat(error.code()).isEqualTo("negative");
    }

    @Test
    void minimumMustNotExceedMaximum() {
        ValidationError error = only(price(TieredPrice.graduated(TIERS)
                .withCommitments(new Commitments(d("200"), d("100")))));

        assertThat(error.field()).isEqualTo("price.minimumAmount");
        assertThat(error.code()).isEqualTo("greater_than_maximum");
        assertThat(error.message()).isEqualTo("price.minimumAmount must not be greater than maximumAmount (100)");
    }

    @Test
    void percentageMustBeWithinZeroAndHundred() {
        ValidationError over = only(PriceRules.forRateCard(CARD, new UnitPrice(d("1")),
                Discounts.percentOff(d("100.01"))));
        ValidationError under = only(PriceRules.forRateCard(CARD, new UnitPrice(d("1")),
                Discounts.percentOff(d("-1"))));
        ValidationError missing = only(PriceRules.forRateCard(CARD, new UnitPrice(d("1")),
                Discounts.percentOff(null)));

        assertThat(over.field()).isEqualTo("phases[0].rateCards[1].discounts.percentage.percentage");
        assertThat(over.code()).isEqualTo("out_of_range");
        assertThat(over.message()).endsWith("must be between 0 and 100, but is 100.01");
        assertThat(under.code()).isEqualTo("out_of_range");
        assertThat(missing.code()).isEqualTo("required");
    }

    @Test
    void usageDiscountQuantityMustNotBeNegative() {
        ValidationError error = only(PriceRules.forRateCard(CARD, new UnitPrice(d("1")),
                Discounts.freeUnits(d("-5"))));

        assertThat(error.field()).isEqualTo("phases[0].rateCards[1].discounts.usage.quantity");
        assertThat(error.code()).isEqualTo("negative");
        assertThat(only(PriceRules.forRateCard(CARD, new UnitPrice(d("1")), Discounts.freeUnits(null))).code())
                .isEqualTo("required");
    }

    @Test
    void usageDiscountNeedsAUsagePrice() {
        ValidationError error = only(PriceRules.forRateCard(CARD, FlatPrice.inAdvance(d("30")),
                Discounts.freeUnits(d("5"))));

        assertThat(error.field()).isEqualTo("phases[0].rateCards[1].discounts.usage");
        assertThat(error.code()).isEqualTo("forbidden");
    }

    @Test
    void aRateCardNeedsAPrice() {
        ValidationError error = only(PriceRules.forRateCard(CARD, null, Discounts.NONE));

        assertThat(error.field()).isEqualTo("phases[0].rateCards[1].price");
        assertThat(error.code()).isEqualTo("required");
    }

    @Test
    void everyBrokenRuleIsReported() {
        List<ValidationError> errors = PriceRules.forRateCard(CARD, new PackagePrice(d("-1"), d("0"),
                new Commitments(d("5"), d("1"))), Discounts.percentOff(d("101")).withFreeUnits(d("-1")));

        assertThat(errors).extracting(ValidationError::code).containsExactly(
                "negative", "not_positive", "greater_than_maximum", "out_of_range", "negative");
    }

    @Test
    void theEngineRefusesAnInvalidRateCard() {
        RateCardPricing invalid = usd(new PackagePrice(d("5"), d("0")));

        assertThatThrownBy(() -> PricingEngine.priceWholePeriod(invalid, d("1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid rate card: price.quantityPerPackage must be greater than 0, but is 0");
    }
}
