package dev.tollgate.shared.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Implemented by each module that owns ClickHouse tables. Versions sort as strings across modules, so use the
 * {@code yyyy_MM_dd_nn} form that Flyway migrations use too.
 */
public interface ClickHouseMigrations {

    List<ClickHouseMigration> migrations();

    /** Loads {@code clickhouse/V<version>__<description>.sql} from the classpath. */
    static ClickHouseMigration fromResource(Class<?> owner, String version, String description) {
        String path = "clickhouse/V" + version + "__" + description + ".sql";
        try (InputStream in = owner.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing ClickHouse migration " + path);
            }
            return new ClickHouseMigration(version, description, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
