package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What one {@link PricingInput line} costs: its charges (including any minimum-spend top-up), the usage its usage
 * discount made free, and the money discounts off the charges. Every amount is at the currency's scale.
 */
public record PricedLines(PricingCurrency currency, List<PricedLine> lines, BigDecimal freeUsage,
        List<AmountDiscount> discounts) {

    public PricedLines {
        lines = List.copyOf(lines);
        discounts = List.copyOf(discounts);
    }

    /** The charges before discounts, the minimum-spend top-up included. */
    public BigDecimal subtotal() {
        return lines.stream().map(PricedLine::amount).reduce(currency.zero(), BigDecimal::add);
    }

    public BigDecimal discountTotal() {
        return discounts.stream().map(AmountDiscount::amount).reduce(currency.zero(), BigDecimal::add);
    }

    /** What the customer owes for this line: {@link #subtotal()} less {@link #discountTotal()}. */
    public BigDecimal total() {
        return subtotal().subtract(discountTotal());
    }

    /** {@link #total()} in minor units, as Stripe takes amounts. */
    public BigInteger totalInMinorUnits() {
        return currency.toMinorUnits(total());
    }

    public Optional<PricedLine> line(String key) {
        return lines.stream().filter(line -> line.key().equals(key)).findFirst();
    }

    public Optional<AmountDiscount> discount(DiscountKind kind) {
        return discounts.stream().filter(discount -> discount.kind() == kind).findFirst();
    }
}
