package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With Kafka down, ingest answers 503 with Retry-After and accepts nothing; once Kafka is back, the client's retry of
 * the same event is accepted and counted exactly once, even if the first attempt reached Kafka after all.
 */
class KafkaOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void kafkaOutageGives503AndRetriesCountOnce() throws Exception {
        String subject = "outage-" + UUID.randomUUID();
        Map<String, String> settings = Map.of("tollgate.ingest.publish-timeout", "3s",
                "tollgate.ingest.topic", "it-outage-" + subject, "tollgate.aggregator.group-id", "it-" + subject);
        Path log = Files.createTempFile("tollgate-outage-it-", ".log");
        try (AppProcess app = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            assertThat(post(app, event(subject, "before")).statusCode()).isEqualTo(204);

            String during = event(subject, "during");
            HttpResponse<String> refused;
            try {
                stack("stop");
                long started = System.nanoTime();
                refused = post(app, during);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            } finally {
                stack("start");
            }
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> post(app, during).statusCode() == 204);
            assertThat(post(app, event(subject, "after")).statusCode()).isEqualTo(204);

            // Sentinels on every partition, seen counted: all three events are in, and a double would be too.
            app.awaitAggregator(3);
            assertThat(count(app, subject)).isEqualByComparingTo("3");
        }
    }

    private static String event(String subject, String id) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + subject + "-" + id + "\",\"source\":\"outage-it\",\"type\":\"api-request\","
                + "\"subject\":\"" + subject + "\",\"data\":{\"route\":\"/x\",\"method\":\"GET\",\"status\":200}}";
    }

    private static HttpResponse<String> post(AppProcess app, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUri() + "/api/v1/events"))
                .header("Authorization", "Bearer " + AppProcess.ADMIN_KEY)
                .header("Content-Type", "application/cloudevents+json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static BigDecimal count(AppProcess app, String subject) throws Exception {
        var data = JSON.readTree(app.getBody("/api/v1/meters/api_requests/query?subject=" + subject)).path("data");
        return data.isEmpty() ? BigDecimal.ZERO : data.get(0).get("value").decimalValue();
    }

    private static void stack(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "scripts/stack.sh", command, "kafka")
                .directory(AppProcess.repoRoot()).inheritIO().start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}
