package dev.tollgate.catalog.api.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * For random rate cards of every kind, in JPY, USD and KWD, a period billed in random pieces costs exactly what it costs
 * billed at once, charge by charge, and no piece, charge or discount is ever negative.
 */
class ProgressiveSumPropertyTest {

    private static final long SEED = 20250601L;
    private static final int CASES = 3000;
    private static final List<PricingCurrency> CURRENCIES = List.of(
            PricingCurrency.of("JPY"), PricingCurrency.of("USD"), PricingCurrency.of("KWD"));

    private final Random random = new Random(SEED);

    @Test
    void piecesAddUpToTheWholePeriod() {
        for (int run = 0; run < CASES; run++) {
            RateCardPricing rateCard = rateCard();
            BigDecimal proration = random.nextInt(3) == 0 ? amount(0, 1, 4) : BigDecimal.ONE;
            List<BigDecimal> pieces = pieces();
            BigDecimal usage = pieces.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            String context = "run " + run + ": " + rateCard + ", pieces " + pieces + ", proration " + proration;

            PricedLines whole = PricingEngine.price(rateCard, PricingInput.wholePeriod(usage).withProration(proration));
            List<PricedLines> billed = billInPieces(rateCard, pieces, proration);

            assertThat(sum(billed, PricedLines::total)).as(context).isEqualTo(whole.total());
            assertThat(sum(billed, PricedLines::freeUsage)).as(context).isEqualByComparingTo(whole.freeUsage());
            assertThat(amountsByKey(billed)).as(context).isEqualTo(amountsByKey(List.of(whole)));
            assertThat(quantitiesByKey(billed)).as(context).isEqualTo(quantitiesByKey(List.of(whole)));
            assertThat(discountsByKind(billed)).as(context).isEqualTo(discountsByKind(List.of(whole)));
            for (PricedLines piece : billed) {
                int scale = rateCard.currency().minorUnits();
                assertThat(piece.total().signum()).as(context).isNotNegative();
                assertThat(piece.total().scale()).as(context).isEqualTo(scale);
                assertThat(piece.lines()).as(context).allSatisfy(line -> {
                    assertThat(line.amount().signum()).isNotNegative();
                    assertThat(line.quantity().signum()).isPositive();
                    assertThat(line.amount().scale()).isEqualTo(scale);
                });
                assertThat(piece.discounts()).as(context).allSatisfy(discount -> {
                    assertThat(discount.amount().signum()).isPositive();
                    assertThat(discount.amount().scale()).isEqualTo(scale);
                });
                assertThat(piece.totalInMinorUnits()).as(context).isNotNull();
            }
        }
    }

    private List<PricedLines> billInPieces(RateCardPricing rateCard, List<BigDecimal> pieces, BigDecimal proration) {
        List<PricedLines> billed = new ArrayList<>();
        BigDecimal before = BigDecimal.ZERO;
        for (int index = 0; index < pieces.size(); index++) {
            PricingInput input = PricingInput.progressive(before, pieces.get(index), index == 0,
                    index == pieces.size() - 1).withProration(proration);
            billed.add(PricingEngine.price(rateCard, input));
            before = before.add(pieces.get(index));
        }
        return billed;
    }

    private RateCardPricing rateCard() {
        PricingCurrency currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        Price price = price();
        BigDecimal percentage = random.nextBoolean() ? amount(0, 100, random.nextInt(3)) : null;
        BigDecimal freeUnits = price instanceof UsagePrice && random.nextBoolean() ? amount(0, 3000, 2) : null;
        Discounts discounts = new Discounts(percentage == null ? null : new PercentageDiscount(percentage),
                freeUnits == null ? null : new UsageDiscount(freeUnits));
        return new RateCardPricing(currency, price, discounts);
    }

    private Price price() {
        Commitments commitments = commitments();
        switch (random.nextInt(6)) {
            case 0:
                return new FlatPrice(amount(0, 500, 3), random.nextBoolean() ? PaymentTerm.IN_ADVANCE
                        : PaymentTerm.IN_ARREARS);
            case 1:
                return new UnitPrice(amount(0, 2, 1 + random.nextInt(6)), commitments);
            case 2:
                return new PackagePrice(amount(0, 50, 3), packageSize(), commitments);
            case 3:
                return new DynamicPrice(amount(0, 3, random.nextInt(4)), commitments);
            default:
                return new TieredPrice(random.nextBoolean() ? TierMode.GRADUATED : TierMode.VOLUME, tiers(),
                        commitments);
        }
    }

    private BigDecimal packageSize() {
        List<String> sizes = List.of("1", "0.5", "3", "7", "100", "1000", "0.001");
        return new BigDecimal(sizes.get(random.nextInt(sizes.size())));
    }

    private List<PriceTier> tiers() {
        int count = 1 + random.nextInt(4);
        List<PriceTier> tiers = new ArrayList<>();
        BigDecimal upTo = BigDecimal.ZERO;
        for (int index = 0; index < count; index++) {
            boolean last = index == count - 1;
            upTo = upTo.add(amount(1, 2000, random.nextInt(3)));
            int prices = 1 + random.nextInt(3);
            BigDecimal flat = (prices & 1) != 0 ? amount(0, 50, 2) : null;
            BigDecimal unit = (prices & 2) != 0 ? amount(0, 1, 1 + random.nextInt(5)) : null;
            tiers.add(new PriceTier(last ? null : upTo, flat, unit));
        }
        return tiers;
    }

    private Commitments commitments() {
        BigDecimal minimum = random.nextInt(3) == 0 ? amount(0, 300, 3) : null;
        BigDecimal maximum = random.nextInt(3) == 0 ? amount(0, 600, 3) : null;
        if (minimum != null && maximum != null && minimum.compareTo(maximum) > 0) {
            return new Commitments(maximum, minimum);
        }
        return new Commitments(minimum, maximum);
    }

    /** One to six pieces, some of them empty, many ending just before or after a round number. */
    private List<BigDecimal> pieces() {
        int count = 1 + random.nextInt(6);
        List<BigDecimal> pieces = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            switch (random.nextInt(5)) {
                case 0 -> pieces.add(BigDecimal.ZERO);
                case 1 -> pieces.add(BigDecimal.valueOf(random.nextInt(20) * 100L));
                case 2 -> pieces.add(new BigDecimal("0.000001").multiply(BigDecimal.valueOf(1 + random.nextInt(3))));
                default -> pieces.add(amount(0, 3000, random.nextInt(7)));
            }
        }
        return pieces;
    }

    /** A random amount in [from, to] with the given number of decimal places. */
    private BigDecimal amount(int from, int to, int decimals) {
        long units = (long) (to - from) * (long) Math.pow(10, decimals);
        long picked = (long) (random.nextDouble() * (units + 1));
        return BigDecimal.valueOf(picked, decimals).add(BigDecimal.valueOf(from));
    }

    private static BigDecimal sum(List<PricedLines> billed, Function<PricedLines, BigDecimal> value) {
        return billed.stream().map(value).reduce(BigDecimal::add).orElseThrow();
    }

    private static Map<String, BigDecimal> amountsByKey(List<PricedLines> billed) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        billed.forEach(priced -> priced.lines().forEach(line -> sums.merge(line.key(), line.amount(), BigDecimal::add)));
        return sums;
    }

    private static Map<String, BigDecimal> quantitiesByKey(List<PricedLines> billed) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        billed.forEach(priced -> priced.lines().forEach(line -> sums.merge(line.key(), line.quantity(),
                BigDecimal::add)));
        sums.replaceAll((key, quantity) -> quantity.stripTrailingZeros());
        return sums;
    }

    private static Map<DiscountKind, BigDecimal> discountsByKind(List<PricedLines> billed) {
        Map<DiscountKind, BigDecimal> sums = new TreeMap<>();
        billed.forEach(priced -> priced.discounts().forEach(discount -> sums.merge(discount.kind(), discount.amount(),
                BigDecimal::add)));
        return sums;
    }
}
