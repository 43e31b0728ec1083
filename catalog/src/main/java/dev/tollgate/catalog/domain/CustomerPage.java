package dev.tollgate.catalog.domain;

import java.util.List;

/** One page of customers, and how many match over all pages. */
public record CustomerPage(List<Customer> items, int page, int pageSize, long totalCount) {
}
