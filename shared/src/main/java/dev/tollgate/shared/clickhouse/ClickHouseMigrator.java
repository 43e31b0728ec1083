package dev.tollgate.shared.clickhouse;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Creates and versions the ClickHouse schema at start-up, as Flyway does for PostgreSQL (Flyway has no driver for
 * ClickHouse 18.16). Applied versions are recorded in {@code schema_migrations}.
 */
@ApplicationScoped
public class ClickHouseMigrator {

    private static final Logger LOG = Logger.getLogger(ClickHouseMigrator.class);
    private static final Duration WAIT_FOR_SERVER = Duration.ofSeconds(60);

    private final ClickHouse clickHouse;
    private final Instance<ClickHouseMigrations> sources;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private final ClusterDdl ddl;

    ClickHouseMigrator(ClickHouse clickHouse, Instance<ClickHouseMigrations> sources, ClickHouseConfig config) {
        this.clickHouse = clickHouse;
        this.sources = sources;
        this.ddl = new ClusterDdl(config.cluster(), config.replicaPath());
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            migrate();
            ready.complete(null);
        } catch (RuntimeException e) {
            ready.completeExceptionally(e);
            throw e;
        }
    }

    /** Blocks until the schema is in place; consumers that start with the app call this before touching tables. */
    public void awaitSchema() {
        try {
            ready.get(WAIT_FOR_SERVER.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ClickHouse schema is not ready", e);
        }
    }

    void migrate() {
        waitForServer();
        clickHouse.execute(ddl.rewrite("CREATE DATABASE IF NOT EXISTS " + Sql.identifier(clickHouse.database())));
        String history = clickHouse.table("schema_migrations");
        clickHouse.execute(ddl.rewrite("CREATE TABLE IF NOT EXISTS " + history
                + " (version String, description String, applied_at DateTime('UTC'))"
                + " ENGINE = MergeTree ORDER BY version"));
        Set<String> applied = clickHouse.query("SELECT DISTINCT version FROM " + history).stream()
                .map(row -> row.get("version").asText()).collect(Collectors.toSet());
        List<ClickHouseMigration> pending = sources.stream().flatMap(s -> s.migrations().stream())
                .filter(m -> !applied.contains(m.version()))
                .sorted(Comparator.comparing(ClickHouseMigration::version)).toList();
        for (ClickHouseMigration migration : pending) {
            LOG.infof("applying ClickHouse migration %s %s", migration.version(), migration.description());
            for (String statement : migration.statements(clickHouse.database())) {
                clickHouse.execute(ddl.rewrite(statement));
            }
            clickHouse.execute("INSERT INTO " + history + " VALUES (" + Sql.string(migration.version()) + ", "
                    + Sql.string(migration.description()) + ", now())");
        }
    }

    private void waitForServer() {
        long deadline = System.nanoTime() + WAIT_FOR_SERVER.toNanos();
        while (!clickHouse.ping(2_000)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ClickHouse did not answer within " + WAIT_FOR_SERVER.toSeconds() + " s");
            }
            LOG.info("waiting for ClickHouse");
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ClickHouse", e);
            }
        }
    }

}
