package dev.tollgate.shared.clickhouse;

import java.util.Arrays;
import java.util.List;

/**
 * One versioned step of the ClickHouse schema. {@code sql} may reference {@code ${db}} for the configured database and
 * must be safe to run twice, because two instances may start at once.
 */
public record ClickHouseMigration(String version, String description, String sql) {

    /** The statements to run, in order, against the database (a plain identifier). */
    public List<String> statements(String database) {
        return Arrays.stream(sql.replace("${db}", Sql.identifier(database)).split(";\\s*(\\n|$)"))
                .filter(statement -> !statement.isBlank()).toList();
    }
}
