package dev.tollgate.app.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * What a rate card charges for a period, worked out from the rules in docs/pricing.md alone, without Tollgate's
 * pricing classes: the property test's independent oracle.
 */
final class InvoiceOracle {

    private InvoiceOracle() {
    }

    /** One tier: up to {@code upTo} inclusive (null: open), with a flat price, a unit price, or both. */
    record Tier(BigDecimal upTo, BigDecimal flat, BigDecimal unit) {
    }

    /** A usage price; fields not used by its kind are null. */
    record UsagePrice(String kind, BigDecimal amount, BigDecimal packageSize, String tierMode, List<Tier> tiers,
            BigDecimal multiplier, BigDecimal minimum, BigDecimal maximum) {
    }

    /** The discounts of a rate card; null when absent. */
    record Discounts(BigDecimal percentage, BigDecimal freeUsage) {
    }

    static BigDecimal round(BigDecimal amount, int digits) {
        return amount.setScale(digits, RoundingMode.HALF_UP);
    }

    /** A flat fee over a share of its period. */
    static BigDecimal flatFee(BigDecimal amount, BigDecimal share, Discounts discounts, int digits) {
        BigDecimal charge = round(amount.multiply(share), digits);
        return charge.subtract(percentageOff(charge, discounts, digits));
    }

    /** A usage price over a period's whole usage. */
    static BigDecimal usage(UsagePrice price, BigDecimal usage, Discounts discounts, int digits) {
        BigDecimal priced = usage;
        if (discounts != null && discounts.freeUsage() != null) {
            priced = usage.subtract(discounts.freeUsage()).max(BigDecimal.ZERO);
        }
        BigDecimal charges = charges(price, priced, digits);
        BigDecimal spend = charges.subtract(percentageOff(charges, discounts, digits));
        if (price.maximum() != null && spend.compareTo(round(price.maximum(), digits)) > 0) {
            spend = round(price.maximum(), digits);
        }
        if (price.minimum() != null && spend.compareTo(round(price.minimum(), digits)) < 0) {
            spend = round(price.minimum(), digits);
        }
        return spend;
    }

    private static BigDecimal percentageOff(BigDecimal charges, Discounts discounts, int digits) {
        if (discounts == null || discounts.percentage() == null) {
            return BigDecimal.ZERO;
        }
        return round(charges.multiply(discounts.percentage()).divide(BigDecimal.valueOf(100)), digits);
    }

    /** The sum of the rounded charges. */
    private static BigDecimal charges(UsagePrice price, BigDecimal usage, int digits) {
        switch (price.kind()) {
            case "unit":
                return round(usage.multiply(price.amount()), digits);
            case "package": {
                BigDecimal packages = usage.divide(price.packageSize(), 0, RoundingMode.CEILING);
                return round(packages.multiply(price.amount()), digits);
            }
            case "dynamic":
                return round(usage.multiply(price.multiplier()), digits);
            case "tiered":
                return "volume".equals(price.tierMode()) ? volume(price.tiers(), usage, digits)
                        : graduated(price.tiers(), usage, digits);
            default:
                throw new IllegalArgumentException(price.kind());
        }
    }

    private static BigDecimal graduated(List<Tier> tiers, BigDecimal usage, int digits) {
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal lower = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            boolean reached = i == 0 || usage.compareTo(lower) > 0;
            if (!reached) {
                break;
            }
            if (tier.flat() != null) {
                total = total.add(round(tier.flat(), digits));
            }
            BigDecimal top = tier.upTo() == null ? usage : usage.min(tier.upTo());
            BigDecimal within = top.subtract(lower).max(BigDecimal.ZERO);
            if (tier.unit() != null) {
                total = total.add(round(within.multiply(tier.unit()), digits));
            }
            if (tier.upTo() == null) {
                break;
            }
            lower = tier.upTo();
        }
        return total;
    }

    private static BigDecimal volume(List<Tier> tiers, BigDecimal usage, int digits) {
        Tier tier = tiers.stream().filter(t -> t.upTo() == null || usage.compareTo(t.upTo()) <= 0).findFirst()
                .orElseThrow();
        BigDecimal total = BigDecimal.ZERO;
        if (tier.flat() != null) {
            total = total.add(round(tier.flat(), digits));
        }
        if (tier.unit() != null) {
            total = total.add(round(usage.multiply(tier.unit()), digits));
        }
        return total;
    }
}
