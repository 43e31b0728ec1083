package dev.tollgate.meters.clickhouse;

import dev.tollgate.shared.clickhouse.ClickHouseMigration;
import dev.tollgate.shared.clickhouse.ClickHouseMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class MetersClickHouseSchema implements ClickHouseMigrations {

    @Override
    public List<ClickHouseMigration> migrations() {
        return List.of(
                ClickHouseMigrations.fromResource(getClass(), "2026_11_21_01", "meter_windows"),
                ClickHouseMigrations.fromResource(getClass(), "2026_11_21_03", "event_keys"),
                ClickHouseMigrations.fromResource(getClass(), "2026_11_21_05", "meter_windows_rolled_up"),
                ClickHouseMigrations.fromResource(getClass(), "2026_12_05_15", "usage_changes"));
    }
}
