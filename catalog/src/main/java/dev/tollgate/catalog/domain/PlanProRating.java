package dev.tollgate.catalog.domain;

/** OpenMeter's {@code proRatingConfig}: whether subscriptions prorate a period cut short, and how. */
public record PlanProRating(boolean enabled, String mode) {

    /** The only mode OpenMeter has: prorate flat prices by the fraction of the period used. */
    public static final String PRORATE_PRICES = "prorate_prices";

    public static final PlanProRating DEFAULT = new PlanProRating(true, PRORATE_PRICES);
}
