package dev.tollgate.catalog.api.pricing;

/** What a priced line charges for. */
public enum LineKind {
    /** A flat price's fee. */
    FLAT_FEE,
    /** Usage under a unit, package or dynamic price. */
    USAGE,
    /** The flat price of a tier that usage has reached. */
    TIER_FLAT_PRICE,
    /** Usage priced by one tier's unit price: the usage within it (graduated) or all of it (volume). */
    TIER_USAGE,
    /** The top-up to a period's minimum commitment; OpenMeter's "commitment" category. */
    MINIMUM_SPEND
}
