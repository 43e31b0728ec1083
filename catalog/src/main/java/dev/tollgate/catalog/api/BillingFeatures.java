package dev.tollgate.catalog.api;

import java.util.Map;
import java.util.Optional;

/**
 * What invoicing and entitlements ask the catalog about features: which meter, narrowed how, measures a feature's
 * usage.
 */
public interface BillingFeatures {

    /** A metered feature's meter and its filters on the meter's group values. */
    record FeatureMeter(String featureKey, String meterSlug, Map<String, String> groupFilters) {
    }

    /**
     * A live feature, metered or not.
     *
     * @param meterSlug null when the feature has no meter
     */
    record CatalogFeature(String id, String key, String meterSlug, Map<String, String> groupFilters) {
    }

    /** The live feature with this id or, failing that, this key. */
    Optional<CatalogFeature> findFeature(String namespace, String idOrKey);

    /** The live feature with the key, when it is metered. */
    Optional<FeatureMeter> meterOf(String namespace, String featureKey);
}
