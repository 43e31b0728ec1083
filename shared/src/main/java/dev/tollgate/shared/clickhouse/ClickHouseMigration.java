package dev.tollgate.shared.clickhouse;

/**
 * One versioned step of the ClickHouse schema. {@code sql} may reference {@code ${db}} for the configured database and
 * must be safe to run twice, because two instances may start at once.
 */
public record ClickHouseMigration(String version, String description, String sql) {
}
