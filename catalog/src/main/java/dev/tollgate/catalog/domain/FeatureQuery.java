package dev.tollgate.catalog.domain;

import dev.tollgate.shared.paging.Paging;
import java.util.List;

/**
 * OpenMeter's feature list filters.
 *
 * @param meterSlugs empty for any meter
 * @param paging null for OpenMeter's unpaged form, a bare array
 */
public record FeatureQuery(List<String> meterSlugs, boolean includeArchived, String orderBy, boolean descending,
        Paging paging) {

    /** OpenMeter's {@code FeatureOrderBy}; the first is the default. */
    public static final List<String> ORDER_BY = List.of("key", "id", "name", "createdAt", "updatedAt");
}
