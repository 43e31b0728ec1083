package dev.tollgate.entitlements.domain;

import dev.tollgate.shared.paging.Paging;
import java.time.Instant;
import java.util.List;

/**
 * A filter over a namespace's entitlements, as OpenMeter's list endpoints take it.
 *
 * @param customerIds null for every customer
 * @param featureKeys null for every feature
 * @param types null for every type
 * @param activeAt only entitlements in force at this instant; null for all
 * @param includeDeleted whether deleted entitlements are listed
 * @param orderBy createdAt or updatedAt
 */
public record EntitlementQuery(List<String> customerIds, List<String> featureKeys, List<String> types,
        Instant activeAt, boolean includeDeleted, String orderBy, boolean descending, Paging paging) {

    public static final List<String> ORDER_BY = List.of("createdAt", "updatedAt");
}
