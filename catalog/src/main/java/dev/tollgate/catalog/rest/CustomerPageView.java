package dev.tollgate.catalog.rest;

import dev.tollgate.catalog.domain.CustomerPage;
import dev.tollgate.catalog.domain.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code CustomerPaginatedResponse}. */
public record CustomerPageView(long totalCount, int page, int pageSize, List<CustomerView> items) {

    static CustomerPageView of(CustomerPage page, Map<String, List<Subscription>> running, Instant now) {
        return new CustomerPageView(page.totalCount(), page.page(), page.pageSize(), page.items().stream()
                .map(c -> CustomerView.of(c, running.getOrDefault(c.id(), List.of()), now)).toList());
    }
}
