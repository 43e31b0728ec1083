package dev.tollgate.catalog.api.pricing;

/**
 * How a rate card charges, as OpenMeter's productcatalog price types: {@link FlatPrice flat}, {@link UnitPrice unit},
 * {@link TieredPrice tiered}, {@link PackagePrice package} and {@link DynamicPrice dynamic}. Amounts are in the plan's
 * currency and may have more decimal places than it (a unit may cost $0.000002); only priced lines are rounded.
 */
public sealed interface Price permits FlatPrice, UsagePrice {

    /** OpenMeter's name of the price type, as in the API's {@code type} field. */
    String type();
}
