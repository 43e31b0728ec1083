package dev.tollgate.catalog.domain;

import java.time.Instant;
import java.util.Map;

/**
 * Something a plan prices or grants, as in OpenMeter: metered when it names a meter (optionally narrowed to some of
 * the meter's group values, such as only {@code model=gpt-4o}), static otherwise. A feature is never changed, only
 * archived; an archived feature keeps working in the plan versions already published with it.
 *
 * @param meterSlug null for a static feature
 * @param meterGroupByFilters group-by key to the value usage must have
 * @param unitCost null unless the provider's cost per unit is known
 * @param archivedAt null while the feature is live
 */
public record Feature(String id, String namespace, String key, String name, Map<String, String> metadata,
        String meterSlug, Map<String, String> meterGroupByFilters, FeatureUnitCost unitCost, Instant archivedAt,
        Instant createdAt, Instant updatedAt) {
}
