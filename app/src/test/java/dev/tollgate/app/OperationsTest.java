package dev.tollgate.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and API docs are where operators expect them. */
@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksAllThreeDependencies() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("clickhouse", "kafka", "Database connections health check"));
    }

    @Test
    void prometheusMetricsIncludeIngestAndAggregator() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tollgate_events_ingested_total"))
                .body(containsString("tollgate_aggregator_lag_events"));
    }

    @Test
    void openApiDescribesTheEventsEndpoint() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/events"))
                .body(containsString("/api/v1/meters/{meterIdOrSlug}/query"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
