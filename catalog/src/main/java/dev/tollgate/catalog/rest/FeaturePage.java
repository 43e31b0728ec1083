package dev.tollgate.catalog.rest;

import java.util.List;

/** OpenMeter's paginated feature list, answered when {@code page} or {@code pageSize} is given. */
public record FeaturePage(long totalCount, int page, int pageSize, List<FeatureView> items) {
}
