package dev.tollgate.invoicing.domain;

import dev.tollgate.catalog.api.pricing.AmountDiscount;
import dev.tollgate.catalog.api.pricing.DiscountKind;
import dev.tollgate.catalog.api.pricing.LineKind;
import dev.tollgate.catalog.api.pricing.PricedLine;
import dev.tollgate.catalog.api.pricing.PricedLines;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pricing engine made of a line: its charges (OpenMeter's detailed lines), the usage its usage discount made
 * free, and the money discounts. Kept on the line, so that an issued invoice shows and explains exactly what it
 * charged, whatever the rate card or engine do later.
 *
 * <p>Totals, as OpenMeter's {@code InvoiceTotals}: {@code amount} is the regular charges, {@code chargesTotal} the
 * minimum-spend top-up (a commitment), {@code discountsTotal} the percentage and maximum-spend discounts, and
 * {@code total = amount + chargesTotal - discountsTotal}. No taxes are computed.
 */
public record LineCharges(List<Charge> charges, BigDecimal freeUsage, List<Discount> discounts) {

    public record Charge(String key, LineKind kind, String description, BigDecimal quantity, BigDecimal unitPrice,
            BigDecimal amount) {
    }

    public record Discount(DiscountKind kind, String description, BigDecimal amount) {
    }

    public record Totals(BigDecimal amount, BigDecimal chargesTotal, BigDecimal discountsTotal, BigDecimal total) {

        public static final Totals ZERO = new Totals(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO);

        public Totals plus(Totals other) {
            return new Totals(amount.add(other.amount), chargesTotal.add(other.chargesTotal),
                    discountsTotal.add(other.discountsTotal), total.add(other.total));
        }
    }

    public static final LineCharges NONE = new LineCharges(List.of(), BigDecimal.ZERO, List.of());

    public static LineCharges of(PricedLines priced) {
        List<Charge> charges = priced.lines().stream().map(LineCharges::charge).toList();
        List<Discount> discounts = priced.discounts().stream().map(LineCharges::discount).toList();
        return new LineCharges(charges, priced.freeUsage(), discounts);
    }

    public Totals totals() {
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal commitments = BigDecimal.ZERO;
        for (Charge charge : charges) {
            if (charge.kind() == LineKind.MINIMUM_SPEND) {
                commitments = commitments.add(charge.amount());
            } else {
                amount = amount.add(charge.amount());
            }
        }
        BigDecimal discounted = discounts.stream().map(Discount::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Totals(amount, commitments, discounted, amount.add(commitments).subtract(discounted));
    }

    /**
     * What this pricing adds to {@code billed}, charge by charge: an adjustment line of a period already invoiced.
     * Quantities and amounts may come out negative when less is owed than was billed.
     */
    public LineCharges minus(LineCharges billed) {
        Map<String, Charge> before = new LinkedHashMap<>();
        billed.charges.forEach(c -> before.merge(c.key(), c, LineCharges::add));
        List<Charge> differences = new ArrayList<>();
        Map<String, Charge> after = new LinkedHashMap<>();
        charges.forEach(c -> after.merge(c.key(), c, LineCharges::add));
        after.forEach((key, charge) -> {
            Charge old = before.remove(key);
            BigDecimal quantity = charge.quantity().subtract(old == null ? BigDecimal.ZERO : old.quantity());
            BigDecimal amount = charge.amount().subtract(old == null ? BigDecimal.ZERO : old.amount());
            if (quantity.signum() != 0 || amount.signum() != 0) {
                differences.add(new Charge(key, charge.kind(), charge.description(), quantity, charge.unitPrice(),
                        amount));
            }
        });
        before.values().forEach(old -> differences.add(new Charge(old.key(), old.kind(), old.description(),
                old.quantity().negate(), old.unitPrice(), old.amount().negate())));
        Map<DiscountKind, BigDecimal> discountChange = new LinkedHashMap<>();
        discounts.forEach(d -> discountChange.merge(d.kind(), d.amount(), BigDecimal::add));
        billed.discounts.forEach(d -> discountChange.merge(d.kind(), d.amount().negate(), BigDecimal::add));
        List<Discount> discountDifferences = new ArrayList<>();
        discountChange.forEach((kind, amount) -> {
            if (amount.signum() != 0) {
                String description = discounts.stream().filter(d -> d.kind() == kind).map(Discount::description)
                        .findFirst().orElseGet(() -> billed.discounts.stream().filter(d -> d.kind() == kind)
                                .map(Discount::description).findFirst().orElse(kind.name()));
                discountDifferences.add(new Discount(kind, description, amount));
            }
        });
        return new LineCharges(differences, freeUsage.subtract(billed.freeUsage), discountDifferences);
    }

    /** This and {@code other} together, charge by charge: what several lines of one period billed in all. */
    public LineCharges plus(LineCharges other) {
        return minus(NONE.minus(other)); // a + b = a - (0 - b)
    }

    private static Charge add(Charge a, Charge b) {
        return new Charge(a.key(), a.kind(), a.description(), a.quantity().add(b.quantity()), a.unitPrice(),
                a.amount().add(b.amount()));
    }

    private static Charge charge(PricedLine line) {
        return new Charge(line.key(), line.kind(), line.description(), line.quantity(), line.unitPrice(),
                line.amount());
    }

    private static Discount discount(AmountDiscount discount) {
        return new Discount(discount.kind(), discount.description(), discount.amount());
    }
}
