package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The access view in several processes (docs/entitlements.md): each process keeps its own, and each converges on
 * changes made through the other, usage included, within the freshness bound.
 */
class AccessViewIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration CONVERGED = Duration.ofSeconds(20);

    @Test
    void everyProcessConvergesOnUsageAndChangesMadeThroughAnother() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = Map.of(
                "tollgate.ingest.topic", "it-access-" + run,
                "tollgate.aggregator.group-id", "it-access-" + run,
                "tollgate.aggregator.meter-refresh-interval", "1s");
        Path log = Files.createTempFile("tollgate-access-it-", ".log");
        try (AppProcess a = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start();
                AppProcess b = new AppProcess(CrashRecoveryIT.freePort(), settings, log).start()) {
            String meter = "it_access_" + run;
            String subject = "it-access-" + run;
            send(a, "POST", "/api/v1/meters", "{\"slug\":\"" + meter + "\",\"aggregation\":\"COUNT\",\"eventType\":\""
                    + meter + "\"}", 201);
            send(a, "POST", "/api/v1/features", "{\"key\":\"" + meter + "\",\"name\":\"IT\",\"meterSlug\":\"" + meter
                    + "\"}", 201);
            String customer = JSON.readTree(send(a, "POST", "/api/v1/customers", "{\"key\":\"" + subject
                    + "\",\"name\":\"IT\",\"usageAttribution\":{\"subjectKeys\":[\"" + subject + "\"]}}", 201))
                    .path("id").asText();
            send(b, "POST", "/api/v2/customers/" + customer + "/entitlements", "{\"type\":\"metered\",\"featureKey\":\""
                    + meter + "\",\"issue\":{\"amount\":2},\"usagePeriod\":{\"interval\":\"MONTH\"}}", 201);

            awaitCheck(a, subject, meter, 200);
            awaitCheck(b, subject, meter, 200);

            Instant now = a.now();
            String event = "{\"specversion\":\"1.0\",\"source\":\"it\",\"type\":\"" + meter + "\",\"subject\":\""
                    + subject + "\",\"time\":\"" + now + "\",\"data\":{}";
            send(a, "POST", "/api/v1/events", "[" + event + ",\"id\":\"1\"}," + event + ",\"id\":\"2\"}]", 204);
            awaitCheck(a, subject, meter, 429);
            awaitCheck(b, subject, meter, 429);

            send(a, "POST", "/api/v2/customers/" + customer + "/entitlements/" + meter + "/grants",
                    "{\"amount\":5,\"effectiveAt\":\"" + now + "\"}", 201);
            HttpResponse<String> reopened = awaitCheck(b, subject, meter, 200);
            assertThat(reopened.headers().firstValue("RateLimit").orElse("")).contains(";r=5;");
            awaitCheck(a, subject, meter, 200);
        }
    }

    private static HttpResponse<String> awaitCheck(AppProcess app, String subject, String feature, int status) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(CONVERGED).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = call(app, "GET", "/api/v1/access/check?subject=" + subject + "&feature=" + feature, null);
            return last[0].statusCode() == status;
        });
        return last[0];
    }

    private static String send(AppProcess app, String method, String path, String body, int expected)
            throws Exception {
        HttpResponse<String> response = call(app, method, path, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }

    private static HttpResponse<String> call(AppProcess app, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUri() + path))
                .header("Authorization", "Bearer " + AppProcess.ADMIN_KEY).timeout(Duration.ofSeconds(10));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
