package dev.tollgate.catalog.api.pricing;

/** What an amount discount comes from. */
public enum DiscountKind {
    /** The rate card's percentage discount. */
    PERCENTAGE,
    /** Charges over the maximum commitment, taken off again. */
    MAXIMUM_SPEND
}
