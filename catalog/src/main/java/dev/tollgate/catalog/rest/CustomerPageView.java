package dev.tollgate.catalog.rest;

import dev.tollgate.catalog.domain.CustomerPage;
import java.util.List;

/** OpenMeter's {@code CustomerPaginatedResponse}. */
public record CustomerPageView(long totalCount, int page, int pageSize, List<CustomerView> items) {

    static CustomerPageView of(CustomerPage page) {
        return new CustomerPageView(page.totalCount(), page.page(), page.pageSize(),
                page.items().stream().map(CustomerView::of).toList());
    }
}
