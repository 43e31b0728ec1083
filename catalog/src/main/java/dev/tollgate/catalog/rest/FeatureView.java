package dev.tollgate.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tollgate.catalog.domain.Feature;
import dev.tollgate.catalog.domain.FeatureUnitCost;
import java.time.Instant;
import java.util.Map;

/** A feature in OpenMeter's v1 JSON shape, plus Tollgate's {@code unitCost}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"id", "key", "name", "metadata", "meterSlug", "meterGroupByFilters", "unitCost", "archivedAt",
    "createdAt", "updatedAt"})
public record FeatureView(String id, String key, String name, Map<String, String> metadata, String meterSlug,
        Map<String, String> meterGroupByFilters, FeatureUnitCost unitCost, Instant archivedAt, Instant createdAt,
        Instant updatedAt) {

    static FeatureView of(Feature f) {
        return new FeatureView(f.id(), f.key(), f.name(), f.metadata(), f.meterSlug(), f.meterGroupByFilters(),
                f.unitCost(), f.archivedAt(), f.createdAt(), f.updatedAt());
    }
}
