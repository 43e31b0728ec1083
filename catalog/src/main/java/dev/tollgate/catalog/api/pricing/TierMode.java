package dev.tollgate.catalog.api.pricing;

/**
 * How tiers apply. {@code graduated}: each tier prices the usage that falls within it, as income tax brackets do.
 * {@code volume}: the tier the period's whole usage falls in prices all of it.
 */
public enum TierMode {
    GRADUATED("graduated"),
    VOLUME("volume");

    private final String apiName;

    TierMode(String apiName) {
        this.apiName = apiName;
    }

    /** The value in OpenMeter's API, such as {@code graduated}. */
    public String apiName() {
        return apiName;
    }
}
