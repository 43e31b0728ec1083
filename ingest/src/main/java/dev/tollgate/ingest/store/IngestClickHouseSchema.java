package dev.tollgate.ingest.store;

import dev.tollgate.shared.clickhouse.ClickHouseMigration;
import dev.tollgate.shared.clickhouse.ClickHouseMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class IngestClickHouseSchema implements ClickHouseMigrations {

    @Override
    public List<ClickHouseMigration> migrations() {
        return List.of(ClickHouseMigrations.fromResource(getClass(), "2026_11_21_02", "events"),
                ClickHouseMigrations.fromResource(getClass(), "2026_12_05_01", "events_set_aside"));
    }
}
