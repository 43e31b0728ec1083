package dev.tollgate.catalog.api.pricing;

import dev.tollgate.shared.problem.ValidationError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prices one line of a billing period from a rate card, following OpenMeter's order: usage discount, price,
 * percentage discount, maximum commitment, minimum commitment. Pure: no I/O, no state.
 *
 * <p><b>Rounding.</b> Arithmetic is exact in {@link BigDecimal}; the only division, counting packages, rounds an exact
 * quotient up. Money is rounded once, half up (half away from zero) to the currency's minor units: each charge's
 * amount, the percentage discount (taken off the rounded charges), and the commitments. To make the lines of a
 * progressively billed period add up to the period billed at once, a line is not priced on its own: everything is
 * priced, and rounded, for the period up to the end of the line and up to its start, and the line is the difference.
 * The sum of a period's lines is then exactly what one line for the whole period would be.
 */
public final class PricingEngine {

    private PricingEngine() {
    }

    /**
     * @throws IllegalArgumentException when the rate card breaks a {@link PriceRules rule}
     */
    public static PricedLines price(RateCardPricing rateCard, PricingInput input) {
        List<ValidationError> errors = PriceRules.forRateCard("", rateCard.price(), rateCard.discounts());
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid rate card: "
                    + errors.stream().map(ValidationError::message).collect(Collectors.joining("; ")));
        }
        List<Charge> charges = Charges.of(rateCard.price(), input.proration());
        BilledToDate before = BilledToDate.at(PeriodProgress.before(input), rateCard, charges);
        BilledToDate after = BilledToDate.at(PeriodProgress.after(input), rateCard, charges);
        return difference(rateCard, charges, before, after);
    }

    /** The whole period's usage in one line. */
    public static PricedLines priceWholePeriod(RateCardPricing rateCard, BigDecimal usage) {
        return price(rateCard, PricingInput.wholePeriod(usage));
    }

    private static PricedLines difference(RateCardPricing rateCard, List<Charge> charges, BilledToDate before,
            BilledToDate after) {
        return new PricedLines(rateCard.currency(), lines(rateCard, charges, before, after),
                after.freeUsage().subtract(before.freeUsage()), discounts(rateCard, before, after));
    }

    private static List<PricedLine> lines(RateCardPricing rateCard, List<Charge> charges, BilledToDate before,
            BilledToDate after) {
        List<PricedLine> lines = new ArrayList<>();
        for (int index = 0; index < charges.size(); index++) {
            BigDecimal quantity = after.quantities().get(index).subtract(before.quantities().get(index));
            if (quantity.signum() != 0) {
                Charge charge = charges.get(index);
                BigDecimal amount = after.amounts().get(index).subtract(before.amounts().get(index));
                lines.add(new PricedLine(charge.key(), charge.kind(), charge.description(), quantity,
                        charge.unitPrice(), amount));
            }
        }
        BigDecimal topUp = after.minimumSpend().subtract(before.minimumSpend());
        if (topUp.signum() > 0) {
            BigDecimal minimum = ((UsagePrice) rateCard.price()).commitments().minimumAmount();
            lines.add(new PricedLine("minimum-spend", LineKind.MINIMUM_SPEND,
                    "Minimum spend of " + rateCard.currency().round(minimum).toPlainString(), BigDecimal.ONE, topUp,
                    topUp));
        }
        return lines;
    }

    private static List<AmountDiscount> discounts(RateCardPricing rateCard, BilledToDate before, BilledToDate after) {
        List<AmountDiscount> discounts = new ArrayList<>();
        BigDecimal percentage = after.percentageDiscount().subtract(before.percentageDiscount());
        if (percentage.signum() > 0) {
            BigDecimal percent = rateCard.discounts().percentage().percentage();
            discounts.add(new AmountDiscount(DiscountKind.PERCENTAGE,
                    percent.stripTrailingZeros().toPlainString() + "% discount", percentage));
        }
        BigDecimal overMaximum = after.maximumSpendDiscount().subtract(before.maximumSpendDiscount());
        if (overMaximum.signum() > 0) {
            BigDecimal maximum = ((UsagePrice) rateCard.price()).commitments().maximumAmount();
            discounts.add(new AmountDiscount(DiscountKind.MAXIMUM_SPEND, "Maximum spend: charges over "
                    + rateCard.currency().round(maximum).toPlainString() + " are not billed", overMaximum));
        }
        return discounts;
    }
}
