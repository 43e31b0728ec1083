package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;

/** {@code amount} per started package of {@code quantityPerPackage} units: usage is rounded up to whole packages. */
public record PackagePrice(BigDecimal amount, BigDecimal quantityPerPackage, Commitments commitments)
        implements UsagePrice {

    public PackagePrice {
        if (commitments == null) {
            commitments = Commitments.NONE;
        }
    }

    public PackagePrice(BigDecimal amount, BigDecimal quantityPerPackage) {
        this(amount, quantityPerPackage, Commitments.NONE);
    }

    @Override
    public String type() {
        return "package";
    }
}
