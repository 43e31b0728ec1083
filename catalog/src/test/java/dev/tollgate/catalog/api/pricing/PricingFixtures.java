package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Short ways to write rate cards and bill periods in tests. */
final class PricingFixtures {

    static final PricingCurrency USD = PricingCurrency.of("USD");
    static final PricingCurrency JPY = PricingCurrency.of("JPY");
    static final PricingCurrency KWD = PricingCurrency.of("KWD");

    /** Up to 1000 at 0.10, up to 5000 at 0.08, then 0.05: the tiers the docs' examples use. */
    static final List<PriceTier> TIERS = List.of(
            tier("1000", null, "0.10"),
            tier("5000", null, "0.08"),
            tier(null, null, "0.05"));

    /** A flat price per tier: 10.00 to start, 25.00 past 100 units plus 0.05 each, then 0.02 each past 1000. */
    static final List<PriceTier> FLAT_TIERS = List.of(
            tier("100", "10.00", null),
            tier("1000", "25.00", "0.05"),
            tier(null, null, "0.02"));

    private PricingFixtures() {
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    static PriceTier tier(String upTo, String flatPrice, String unitPrice) {
        return new PriceTier(upTo == null ? null : d(upTo), flatPrice == null ? null : d(flatPrice),
                unitPrice == null ? null : d(unitPrice));
    }

    static RateCardPricing usd(Price price) {
        return new RateCardPricing(USD, price);
    }

    static RateCardPricing usd(Price price, Discounts discounts) {
        return new RateCardPricing(USD, price, discounts);
    }

    static PricedLines whole(RateCardPricing rateCard, String usage) {
        return PricingEngine.priceWholePeriod(rateCard, d(usage));
    }

    /** A period billed progressively, one line per usage given, the first and last flagged. */
    static List<PricedLines> inPieces(RateCardPricing rateCard, String... usages) {
        List<PricedLines> lines = new ArrayList<>();
        BigDecimal before = BigDecimal.ZERO;
        for (int index = 0; index < usages.length; index++) {
            BigDecimal usage = d(usages[index]);
            lines.add(PricingEngine.price(rateCard,
                    PricingInput.progressive(before, usage, index == 0, index == usages.length - 1)));
            before = before.add(usage);
        }
        return lines;
    }

    static BigDecimal sumOfTotals(List<PricedLines> pieces) {
        return pieces.stream().map(PricedLines::total).reduce(BigDecimal::add).orElseThrow();
    }

    static List<BigDecimal> totals(List<PricedLines> pieces) {
        return pieces.stream().map(PricedLines::total).toList();
    }

    static BigDecimal amountOf(PricedLines priced, String key) {
        return priced.line(key).orElseThrow(() -> new AssertionError("no line " + key + " in " + priced)).amount();
    }

    static List<String> keys(PricedLines priced) {
        return priced.lines().stream().map(PricedLine::key).toList();
    }
}
