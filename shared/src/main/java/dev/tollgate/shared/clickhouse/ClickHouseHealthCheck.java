package dev.tollgate.shared.clickhouse;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class ClickHouseHealthCheck implements HealthCheck {

    private final ClickHouse clickHouse;

    ClickHouseHealthCheck(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = clickHouse.ping(2_000);
        return HealthCheckResponse.named("clickhouse").status(up).build();
    }
}
