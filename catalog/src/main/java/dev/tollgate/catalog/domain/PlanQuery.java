package dev.tollgate.catalog.domain;

import dev.tollgate.shared.paging.Paging;
import java.util.List;
import java.util.Map;

/**
 * OpenMeter's plan list filters; each empty filter matches everything.
 *
 * @param keyVersions plan key to the versions wanted, from {@code keyVersion[pro]=1&keyVersion[pro]=2}
 */
public record PlanQuery(List<String> ids, List<String> keys, Map<String, List<Integer>> keyVersions,
        List<PlanStatus> statuses, List<String> currencies, boolean includeDeleted, String orderBy,
        boolean descending, Paging paging) {

    /** OpenMeter's {@code PlanOrderBy}; the first is the default. */
    public static final List<String> ORDER_BY = List.of("id", "key", "version", "created_at", "updated_at");
}
