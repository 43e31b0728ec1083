package dev.tollgate.invoicing.domain;

import dev.tollgate.shared.paging.Paging;
import java.time.Instant;
import java.util.List;

/**
 * OpenMeter's invoice list filters.
 *
 * @param statuses status categories ({@code draft}), empty for all
 * @param extendedStatuses extended statuses ({@code draft.invalid}), empty for all
 * @param customers customer ids, empty for all
 * @param orderBy one of {@link #ORDER_BY}
 */
public record InvoiceQuery(List<String> statuses, List<String> extendedStatuses, List<String> customers,
        Instant issuedAfter, Instant issuedBefore, Instant periodStartAfter, Instant periodStartBefore,
        Instant createdAfter, Instant createdBefore, boolean includeDeleted, boolean expandLines, String orderBy,
        boolean descending, Paging paging) {

    public static final List<String> ORDER_BY = List.of("createdAt", "issuedAt", "status", "updatedAt",
            "periodStart", "customer.name");
}
