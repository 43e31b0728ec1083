package dev.tollgate.catalog.api.pricing;

/** A price on metered usage; only these carry spend {@link Commitments}, as in OpenMeter. */
public sealed interface UsagePrice extends Price permits UnitPrice, TieredPrice, PackagePrice, DynamicPrice {

    Commitments commitments();
}
