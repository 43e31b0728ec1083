package dev.tollgate.catalog.domain;

/**
 * A validated customer listing: OpenMeter's page-based pagination, ordering and filters.
 *
 * @param page 1-based
 * @param orderBy {@code id}, {@code name} or {@code createdAt}
 * @param key case-insensitive partial match, or null; so are name, primaryEmail and subject
 */
public record CustomerQuery(int page, int pageSize, String orderBy, boolean descending, boolean includeDeleted,
        String key, String name, String primaryEmail, String subject) {
}
