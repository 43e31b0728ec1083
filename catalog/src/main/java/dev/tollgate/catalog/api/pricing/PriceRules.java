package dev.tollgate.catalog.api.pricing;

import static dev.tollgate.shared.problem.ValidationError.error;

import dev.tollgate.shared.problem.ValidationError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenMeter's rules for a rate card's price and discounts, each broken rule reported against the JSON path of the field
 * that breaks it, below a prefix the caller gives (such as {@code phases[0].rateCards[1]}). Amounts may have more
 * decimal places than the currency: a unit may cost $0.000002, and only priced lines are rounded.
 */
public final class PriceRules {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private PriceRules() {
    }

    /** Every rule broken by a rate card's {@code price} and {@code discounts}; empty when it can be priced. */
    public static List<ValidationError> forRateCard(String prefix, Price price, Discounts discounts) {
        List<ValidationError> errors = new ArrayList<>();
        if (price == null) {
            errors.add(error(path(prefix, "price"), "required", "is required"));
        } else {
            errors.addAll(forPrice(path(prefix, "price"), price));
        }
        if (discounts != null) {
            errors.addAll(forDiscounts(path(prefix, "discounts"), discounts, price));
        }
        return errors;
    }

    /** Every rule a price breaks, with fields below {@code prefix} (such as {@code ...rateCards[1].price}). */
    public static List<ValidationError> forPrice(String prefix, Price price) {
        List<ValidationError> errors = new ArrayList<>();
        if (price instanceof FlatPrice flat) {
            amount(prefix, "amount", flat.amount(), errors);
        } else if (price instanceof UnitPrice unit) {
            amount(prefix, "amount", unit.amount(), errors);
        } else if (price instanceof TieredPrice tiered) {
            tiered(prefix, tiered, errors);
        } else if (price instanceof PackagePrice pack) {
            amount(prefix, "amount", pack.amount(), errors);
            if (pack.quantityPerPackage() == null) {
                errors.add(error(path(prefix, "quantityPerPackage"), "required", "is required"));
            } else if (pack.quantityPerPackage().signum() <= 0) {
                errors.add(error(path(prefix, "quantityPerPackage"), "not_positive",
                        "must be greater than 0, but is " + plain(pack.quantityPerPackage())));
            }
        } else if (price instanceof DynamicPrice dynamic) {
            notNegative(path(prefix, "multiplier"), dynamic.multiplier(), errors);
        }
        if (price instanceof UsagePrice usagePrice) {
            commitments(prefix, usagePrice.commitments(), errors);
        }
        return errors;
    }

    /**
     * Every rule the discounts break, with fields below {@code prefix} (such as {@code ...rateCards[1].discounts}),
     * knowing the price they apply to (null when it is missing).
     */
    public static List<ValidationError> forDiscounts(String prefix, Discounts discounts, Price price) {
        List<ValidationError> errors = new ArrayList<>();
        if (discounts.percentage() != null) {
            String field = path(prefix, "percentage.percentage");
            BigDecimal percentage = discounts.percentage().percentage();
            if (percentage == null) {
                errors.add(error(field, "required", "is required"));
            } else if (percentage.signum() < 0 || percentage.compareTo(HUNDRED) > 0) {
                errors.add(error(field, "out_of_range", "must be between 0 and 100, but is " + plain(percentage)));
            }
        }
        if (discounts.usage() != null) {
            String field = path(prefix, "usage.quantity");
            if (discounts.usage().quantity() == null) {
                errors.add(error(field, "required", "is required"));
            } else {
                notNegative(field, discounts.usage().quantity(), errors);
            }
            if (price instanceof FlatPrice) {
                errors.add(error(path(prefix, "usage"), "forbidden",
                        "applies to usage, so a flat price cannot have one"));
            }
        }
        return errors;
    }

    private static void tiered(String prefix, TieredPrice tiered, List<ValidationError> errors) {
        if (tiered.mode() == null) {
            errors.add(error(path(prefix, "mode"), "required", "is required: graduated or volume"));
        }
        List<PriceTier> tiers = tiered.tiers();
        if (tiers == null || tiers.isEmpty()) {
            errors.add(error(path(prefix, "tiers"), "required", "must have at least one tier"));
            return;
        }
        int last = tiers.size() - 1;
        Integer previousIndex = null;
        for (int index = 0; index < tiers.size(); index++) {
            PriceTier tier = tiers.get(index);
            String tierPath = path(prefix, "tiers[" + index + "]");
            BigDecimal upTo = tier.upToAmount();
            String upToPath = path(tierPath, "upToAmount");
            if (upTo == null && index != last) {
                errors.add(error(upToPath, "open_tier_not_last",
                        "is required: only the last tier is open-ended, and this is tier " + (index + 1) + " of "
                                + tiers.size()));
            } else if (upTo != null && index == last) {
                errors.add(error(upToPath, "last_tier_not_open",
                        "must be empty: the last tier is open-ended, so that any usage has a price"));
            }
            if (upTo != null) {
                if (upTo.signum() < 0) {
                    errors.add(error(upToPath, "negative", "must not be negative, but is " + plain(upTo)));
                }
                if (previousIndex != null) {
                    BigDecimal previous = tiers.get(previousIndex).upToAmount();
                    if (upTo.compareTo(previous) <= 0) {
                        errors.add(error(upToPath, "not_ascending", "must be greater than tiers[" + previousIndex
                                + "].upToAmount (" + plain(previous) + ")"));
                    }
                }
                previousIndex = index;
            }
            if (tier.flatPrice() == null && tier.unitPrice() == null) {
                errors.add(error(tierPath, "missing_price", "must have a flatPrice, a unitPrice or both"));
            }
            if (tier.flatPrice() != null) {
                notNegative(path(tierPath, "flatPrice.amount"), tier.flatPrice(), errors);
            }
            if (tier.unitPrice() != null) {
                notNegative(path(tierPath, "unitPrice.amount"), tier.unitPrice(), errors);
            }
        }
    }

    private static void commitments(String prefix, Commitments commitments, List<ValidationError> errors) {
        BigDecimal minimum = commitments.minimumAmount();
        BigDecimal maximum = commitments.maximumAmount();
        if (minimum != null) {
            notNegative(path(prefix, "minimumAmount"), minimum, errors);
        }
        if (maximum != null) {
            notNegative(path(prefix, "maximumAmount"), maximum, errors);
        }
        if (minimum != null && maximum != null && minimum.compareTo(maximum) > 0) {
            errors.add(error(path(prefix, "minimumAmount"), "greater_than_maximum",
                    "must not be greater than maximumAmount (" + plain(maximum) + ")"));
        }
    }

    private static void amount(String prefix, String name, BigDecimal amount, List<ValidationError> errors) {
        if (amount == null) {
            errors.add(error(path(prefix, name), "required", "is required"));
        } else {
            notNegative(path(prefix, name), amount, errors);
        }
    }

    private static void notNegative(String field, BigDecimal value, List<ValidationError> errors) {
        if (value.signum() < 0) {
            errors.add(error(field, "negative", "must not be negative, but is " + plain(value)));
        }
    }

    private static String path(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
