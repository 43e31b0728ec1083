package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * Everything billed for a period up to some {@link PeriodProgress point}, each amount rounded once to the currency:
 * every charge, the usage made free, the percentage discount, the maximum-spend discount and the minimum-spend top-up.
 * A line is the difference between the points after and before it.
 */
record BilledToDate(List<BigDecimal> quantities, List<BigDecimal> amounts, BigDecimal freeUsage,
        BigDecimal percentageDiscount, BigDecimal maximumSpendDiscount, BigDecimal minimumSpend) {

    /** Follows OpenMeter's order: usage discount, price, percentage discount, maximum, then minimum commitment. */
    static BilledToDate at(PeriodProgress progress, RateCardPricing rateCard, List<Charge> charges) {
        PricingCurrency currency = rateCard.currency();
        Discounts discounts = rateCard.discounts();

        BigDecimal freeUsage = discounts.usage() == null ? BigDecimal.ZERO
                : progress.usage().min(discounts.usage().quantity());
        PeriodProgress priced = progress.withUsage(progress.usage().subtract(freeUsage));

        List<BigDecimal> quantities = charges.stream().map(charge -> charge.quantity(priced)).toList();
        List<BigDecimal> amounts = charges.stream().map(charge -> currency.round(charge.amount(priced))).toList();
        BigDecimal gross = amounts.stream().reduce(currency.zero(), BigDecimal::add);

        BigDecimal percentageDiscount = discounts.percentage() == null ? currency.zero()
                : currency.round(gross.multiply(discounts.percentage().percentage()).movePointLeft(2));
        BigDecimal net = gross.subtract(percentageDiscount);

        Commitments commitments = rateCard.price() instanceof UsagePrice usagePrice ? usagePrice.commitments()
                : Commitments.NONE;
        BigDecimal maximumSpendDiscount = commitments.maximumAmount() == null ? currency.zero()
                : net.subtract(currency.round(commitments.maximumAmount())).max(currency.zero());
        BigDecimal capped = net.subtract(maximumSpendDiscount);

        BigDecimal minimumSpend = commitments.minimumAmount() == null || !progress.closed() ? currency.zero()
                : currency.round(commitments.minimumAmount()).subtract(capped).max(currency.zero());

        return new BilledToDate(quantities, amounts, freeUsage, percentageDiscount, maximumSpendDiscount,
                minimumSpend);
    }
}
