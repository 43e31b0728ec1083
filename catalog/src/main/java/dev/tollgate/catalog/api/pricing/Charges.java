package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The {@link Charge}s of each price kind, each given the usage left after the usage discount. */
final class Charges {

    private Charges() {
    }

    static List<Charge> of(Price price, BigDecimal proration) {
        if (price instanceof FlatPrice flat) {
            return List.of(flatFee(flat, proration));
        }
        if (price instanceof UnitPrice unit) {
            return List.of(new Charge("usage", LineKind.USAGE, "Usage", unit.amount(), PeriodProgress::usage));
        }
        if (price instanceof PackagePrice pack) {
            return List.of(packages(pack));
        }
        if (price instanceof DynamicPrice dynamic) {
            return List.of(new Charge("usage", LineKind.USAGE, "Usage cost × " + dynamic.multiplier().toPlainString(),
                    dynamic.multiplier(), PeriodProgress::usage));
        }
        TieredPrice tiered = (TieredPrice) price;
        return tiered.mode() == TierMode.GRADUATED ? graduated(tiered.tiers()) : volume(tiered.tiers());
    }

    private static Charge flatFee(FlatPrice flat, BigDecimal proration) {
        boolean inAdvance = flat.paymentTerm() == PaymentTerm.IN_ADVANCE;
        String description = proration.compareTo(BigDecimal.ONE) == 0 ? "Flat fee" : "Flat fee, prorated";
        return new Charge("flat-fee", LineKind.FLAT_FEE, description, flat.amount(),
                progress -> (inAdvance ? progress.started() : progress.closed()) ? proration : BigDecimal.ZERO);
    }

    private static Charge packages(PackagePrice pack) {
        BigDecimal size = pack.quantityPerPackage();
        // The quotient is exact before it is rounded up, so 1000.000001 units make two packages of 1000.
        return new Charge("usage", LineKind.USAGE, "Usage in packages of " + size.toPlainString(), pack.amount(),
                progress -> progress.usage().divide(size, 0, RoundingMode.CEILING));
    }

    /**
     * Each tier prices the usage within it; its flat price is charged once usage passes the tier below, and the first
     * tier's with the period's first line even at no usage, as in OpenMeter.
     */
    private static List<Charge> graduated(List<PriceTier> tiers) {
        List<Charge> charges = new ArrayList<>();
        BigDecimal lowerBound = BigDecimal.ZERO;
        for (int index = 0; index < tiers.size(); index++) {
            PriceTier tier = tiers.get(index);
            BigDecimal from = lowerBound;
            BigDecimal upTo = tier.upToAmount();
            int number = index + 1;
            if (tier.flatPrice() != null) {
                boolean first = index == 0;
                charges.add(new Charge(tierKey(number, "flat-price"), LineKind.TIER_FLAT_PRICE,
                        "Tier " + number + " flat price", tier.flatPrice(),
                        progress -> (first ? progress.started() : progress.usage().compareTo(from) > 0)
                                ? BigDecimal.ONE : BigDecimal.ZERO));
            }
            if (tier.unitPrice() != null) {
                charges.add(new Charge(tierKey(number, "usage"), LineKind.TIER_USAGE, "Tier " + number + " usage",
                        tier.unitPrice(), progress -> usageWithin(progress.usage(), from, upTo)));
            }
            lowerBound = upTo;
        }
        return charges;
    }

    private static BigDecimal usageWithin(BigDecimal usage, BigDecimal from, BigDecimal upTo) {
        if (usage.compareTo(from) <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal to = upTo == null ? usage : usage.min(upTo);
        return to.subtract(from);
    }

    /**
     * The tier the period's usage ends in prices all of it. That is only known when the period is over, so, as in
     * OpenMeter, volume tiers are charged by the period's last line alone.
     */
    private static List<Charge> volume(List<PriceTier> tiers) {
        List<Charge> charges = new ArrayList<>();
        for (int index = 0; index < tiers.size(); index++) {
            PriceTier tier = tiers.get(index);
            int tierIndex = index;
            int number = index + 1;
            if (tier.flatPrice() != null) {
                charges.add(new Charge(tierKey(number, "flat-price"), LineKind.TIER_FLAT_PRICE,
                        "Tier " + number + " flat price", tier.flatPrice(),
                        progress -> pricedByTier(tiers, progress, tierIndex) ? BigDecimal.ONE : BigDecimal.ZERO));
            }
            if (tier.unitPrice() != null) {
                charges.add(new Charge(tierKey(number, "usage"), LineKind.TIER_USAGE, "Tier " + number + " usage",
                        tier.unitPrice(),
                        progress -> pricedByTier(tiers, progress, tierIndex) ? progress.usage() : BigDecimal.ZERO));
            }
        }
        return charges;
    }

    private static boolean pricedByTier(List<PriceTier> tiers, PeriodProgress progress, int tierIndex) {
        return progress.closed() && tierOf(tiers, progress.usage()) == tierIndex;
    }

    /** Inclusive upper bounds: usage exactly at a tier's upToAmount belongs to that tier. */
    static int tierOf(List<PriceTier> tiers, BigDecimal usage) {
        for (int index = 0; index < tiers.size(); index++) {
            BigDecimal upTo = tiers.get(index).upToAmount();
            if (upTo == null || usage.compareTo(upTo) <= 0) {
                return index;
            }
        }
        throw new IllegalStateException("the last tier must be open");
    }

    private static String tierKey(int number, String what) {
        return "tier-" + number + "-" + what;
    }
}
