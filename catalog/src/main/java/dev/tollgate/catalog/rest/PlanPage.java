package dev.tollgate.catalog.rest;

import java.util.List;

/** OpenMeter's paginated plan list. */
public record PlanPage(long totalCount, int page, int pageSize, List<PlanView> items) {
}
