package dev.tollgate.app;

import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Kong's stock http-log plugin, pointed at Tollgate, with the real payload samples. */
@QuarkusTest
class KongIngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KONG = "/api/v1/kong/http-log";

    @Test
    void proxiedRequestBecomesOneApiRequestWithoutCredentials() throws IOException {
        String subject = uniqueSubject();
        ObjectNode record = (ObjectNode) sample("01-http-log-rest-200.json");
        String requestId = freshIds(record, subject);

        post(record.toString());
        IngestAndQueryTest.awaitTotal("api_requests", subject, "1");

        JsonPath stored = awaitStored(requestId);
        assertThat(stored.getString("[0].event.type")).isEqualTo("api-request");
        assertThat(stored.getString("[0].event.source")).isEqualTo("kong");
        assertThat(stored.getInt("[0].event.data.status")).isEqualTo(200);
        String everything = admin().get("/api/v1/events?from=" + TestTime.day(-30) + "&id=" + requestId).asString();
        assertThat(everything).doesNotContain("acme-live-key-1").doesNotContain("apikey");
    }

    @Test
    void aiProxyRecordAlsoCountsTokens() throws IOException {
        String subject = uniqueSubject();
        ObjectNode record = (ObjectNode) sample("04-http-log-ai-proxy-chat.json");
        freshIds(record, subject);

        post(record.toString());
        IngestAndQueryTest.awaitTotal("llm_input_tokens", subject, "25");
        IngestAndQueryTest.awaitTotal("llm_output_tokens", subject, "12");
        IngestAndQueryTest.awaitTotal("api_requests", subject, "1");
        JsonPath byModel = IngestAndQueryTest.query("llm_input_tokens", "subject=" + subject + "&groupBy=model");
        assertThat(byModel.getString("data[0].groupBy.model")).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void batchedArrayIsMappedRecordByRecordAndKongRetriesCountOnce() throws IOException {
        String subject = uniqueSubject();
        ArrayNode batch = (ArrayNode) sample("05-http-log-batch-array.json");
        for (JsonNode record : batch) {
            freshIds((ObjectNode) record, subject);
        }

        post(batch.toString());
        post(batch.toString());
        AggregatorBarrier.await();
        // The third record matched no route and no consumer: it is metered as the anonymous subject.
        IngestAndQueryTest.awaitTotal("api_requests", subject, "2");
    }

    @Test
    void samplesAreAcceptedByteForByte() throws IOException {
        for (String sample : new String[] { "01-http-log-rest-200.json", "04-http-log-ai-proxy-chat.json",
                "05-http-log-batch-array.json" }) {
            try (InputStream in = getClass().getResourceAsStream("/kong/" + sample)) {
                // Byte for byte but for started_at, which must fall in the lateness window of the app's clock.
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replaceAll("(\"started_at\"\\s*:\\s*)\\d+", "$1" + startedAt());
                admin().contentType("application/json; charset=utf-8").body(text.getBytes(StandardCharsets.UTF_8))
                        .post(KONG).then().statusCode(204);
            }
        }
    }

    @Test
    void aBodyThatIsNoRecordAtAllIsRefusedWhole() {
        admin().contentType("application/json").body("\"text\"").post(KONG).then().statusCode(400)
                .contentType(PROBLEM);
        admin().contentType("application/json").body("{").post(KONG).then().statusCode(400).contentType(PROBLEM);
    }

    /** Gives the record a request id and a consumer of this test run only, so that runs never see each other. */
    private static String freshIds(ObjectNode record, String subject) {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        if (record.has("request")) {
            ((ObjectNode) record.get("request")).put("id", requestId);
        }
        if (record.has("consumer")) {
            ((ObjectNode) record.get("consumer")).put("id", subject);
        }
        record.put("started_at", startedAt());
        return requestId;
    }

    /** A minute ago by the app's clock, in epoch milliseconds, as Kong logs it. */
    static long startedAt() {
        return TestTime.now().toEpochMilli() - 60_000;
    }

    private static JsonPath awaitStored(String requestId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin().get("/api/v1/events?from=" + TestTime.day(-30) + "&id=" + requestId)
                        .then().statusCode(200).extract().jsonPath(), page -> !page.getList("$").isEmpty());
    }

    private static void post(String body) {
        admin().contentType("application/json").body(body).post(KONG).then().statusCode(204);
    }

    private static JsonNode sample(String name) throws IOException {
        try (InputStream in = KongIngestTest.class.getResourceAsStream("/kong/" + name)) {
            return JSON.readTree(in);
        }
    }
}
