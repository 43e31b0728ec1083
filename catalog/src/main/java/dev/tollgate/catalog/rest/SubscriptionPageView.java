package dev.tollgate.catalog.rest;

import java.util.List;

/** OpenMeter's paginated subscription list. */
public record SubscriptionPageView(long totalCount, int page, int pageSize, List<SubscriptionView> items) {
}
