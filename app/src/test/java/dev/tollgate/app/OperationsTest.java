package dev.tollgate.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and API docs are where operators expect them: on the management interface, and only there, so that
 * an ingress for the API never publishes them.
 */
@QuarkusTest
class OperationsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readinessChecksAllThreeDependencies() {
        given().get(management + "health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("clickhouse", "kafka", "Database connections health check"));
    }

    @Test
    void prometheusMetricsIncludeIngestAggregatorArchiveAndBillingRuns() {
        given().get(management + "metrics").then().statusCode(200)
                .body(containsString("tollgate_events_ingested_total"))
                .body(containsString("tollgate_aggregator_lag_events"))
                .body(containsString("tollgate_archive_lag_events"))
                .body(containsString("tollgate_archive_lag_seconds"))
                .body(containsString("tollgate_billing_run_seconds_count{outcome="))
                .body(containsString("tollgate_billing_invoices_made_total"));
    }

    @Test
    void openApiDescribesTheEndpointsAndTheBearerApiKey() {
        given().get(management + "openapi?format=json").then().statusCode(200)
                .body(containsString("/api/v1/events"))
                .body(containsString("/api/v1/meters/{meterIdOrSlug}/query"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("components.securitySchemes.apiKey.bearerFormat", equalTo("API key"))
                .body("paths.'/api/v1/events'.post.x-tollgate-scope", equalTo("ingest"));
        given().get(management + "swagger-ui/").then().statusCode(200);
    }

    @Test
    void theApiPortServesNoneOfThem() {
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/"}) {
            given().get(path).then().statusCode(404);
        }
    }
}
