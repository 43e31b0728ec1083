package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT;
import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The other ways gateways send events, and the limits that keep a server safe from them. */
@QuarkusTest
class IngestFormatsAndLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void binaryModeCarriesAttributesInHeaders() {
        String subject = uniqueSubject();
        admin().header("ce-specversion", "1.0").header("ce-id", subject + "-binary").header("ce-source", "sdk")
                .header("ce-type", "api-request").header("ce-subject", subject)
                .header("ce-time", TestTime.at(-1, "10:00:00"))
                .contentType("application/json").body("{\"route\":\"/bin\",\"method\":\"GET\",\"status\":200}")
                .post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("api_requests", subject, "1");
    }

    @Test
    void binaryModeIsValidatedLikeStructuredMode() {
        admin().header("ce-specversion", "1.0").header("ce-id", "binary-2").header("ce-type", "api-request")
                .header("ce-subject", uniqueSubject())
                .contentType("application/json").body("{}")
                .post("/api/v1/events").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("source"));
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        String subject = uniqueSubject();
        Instant day = TestTime.day(-1);
        List<Map<String, Object>> batch = List.of(apiRequest(subject, TestTime.at(day, "10:00:00"), "/gz", 200),
                apiRequest(subject, TestTime.at(day, "10:00:01"), "/gz", 200));
        admin().contentType(CLOUDEVENT_BATCH).header("Content-Encoding", "gzip")
                .body(gzip(JSON.writeValueAsBytes(batch))).post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("api_requests", subject, "2");
    }

    @Test
    void bodyOverTheLimitIsTooLargeAndNamesTheLimit() {
        String padding = "x".repeat(1_100_000);
        Map<String, Object> event = new HashMap<>(apiRequest(uniqueSubject(), TestTime.at(-1, "10:00:00"), "/a", 200));
        event.put("data", Map.of("padding", padding));
        admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events")
                .then().statusCode(413).contentType(PROBLEM)
                .body("detail", containsString("tollgate.ingest.max-body-size"));
    }

    @Test
    void gzipBodyIsMeasuredAfterDecompression() throws Exception {
        Map<String, Object> event = new HashMap<>(apiRequest(uniqueSubject(), TestTime.at(-1, "10:00:00"), "/a", 200));
        event.put("data", Map.of("padding", "x".repeat(2_000_000)));
        admin().contentType(CLOUDEVENT).header("Content-Encoding", "gzip").body(gzip(JSON.writeValueAsBytes(event)))
                .post("/api/v1/events").then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void batchOverTheLimitIsTooLargeAndNamesTheLimit() {
        String subject = uniqueSubject();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            batch.add(apiRequest(subject, TestTime.at(-1, "10:00:00"), "/a", 200));
        }
        admin().contentType(CLOUDEVENT_BATCH).body(batch).post("/api/v1/events")
                .then().statusCode(413).contentType(PROBLEM)
                .body("detail", containsString("tollgate.ingest.max-batch-size"));
    }

    @Test
    void timesOutsideTheAcceptedRangeAreRejected() {
        String future = TestTime.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String tooLate = TestTime.now().minus(33, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        admin().contentType(CLOUDEVENT).body(apiRequest(uniqueSubject(), future, "/a", 200)).post("/api/v1/events")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("max-future"));
        admin().contentType(CLOUDEVENT).body(apiRequest(uniqueSubject(), tooLate, "/a", 200))
                .post("/api/v1/events").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("lateness"));
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = "{\"specversion\":\"1.0\",\"id\":\"\u0000\"}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[body.length + 2];
        System.arraycopy(body, 0, broken, 0, body.length);
        broken[body.length] = (byte) 0xC3;
        broken[body.length + 1] = (byte) 0x28;
        byte[] invalid = "{\"specversion\":\"1.0\",\"id\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] bad : List.of(broken, invalid)) {
            admin().contentType(CLOUDEVENT).body(bad).post("/api/v1/events")
                    .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        }
    }

    @Test
    void malformedBodiesNeverGetAServerError() {
        List<String> bodies = List.of("{", "[", "[{", "{\"specversion\":1.0}", "null", "true", "42", "\"text\"",
                "[null]", "[[]]", "{\"data\":", "{\"specversion\":\"1.0\",\"id\":{},\"source\":[],\"type\":null}",
                "{\"time\":\"2026-13-45T99:99:99Z\"}", "[{}, {}, {}]");
        for (String body : bodies) {
            for (String type : List.of(CLOUDEVENT, CLOUDEVENT_BATCH, "application/json")) {
                int status = admin().contentType(type).body(body).post("/api/v1/events").then()
                        .contentType(PROBLEM).extract().statusCode();
                org.assertj.core.api.Assertions.assertThat(status).as(type + " " + body).isBetween(400, 499);
            }
        }
    }

    /**
     * The usual request (a structured body as it is) is served by a plain Vert.x route, every other one by the REST
     * resource (EventsRoute): a gzip body takes the resource. Both answer alike, problem for problem.
     */
    @Test
    void theRouteAndTheResourceAnswerAlike() throws Exception {
        String valid = JSON.writeValueAsString(apiRequest(uniqueSubject(), TestTime.at(-1, "10:00:00"), "/a", 200));
        String noSource = valid.replace("\"source\"", "\"origin\"");
        List<String> bodies = List.of(valid, "[" + valid + "]", "[]", noSource, "[" + noSource + "]", "{\"id\":",
                "{\"data\":{\"n\":1E+99999999999}}", "{} {}", "   ");
        for (String body : bodies) {
            for (String type : List.of(CLOUDEVENT, CLOUDEVENT_BATCH, "application/json; charset=utf-8")) {
                var plain = admin().contentType(type).body(body.getBytes(StandardCharsets.UTF_8))
                        .post("/api/v1/events").then().extract();
                var zipped = admin().contentType(type).header("Content-Encoding", "gzip")
                        .body(gzip(body.getBytes(StandardCharsets.UTF_8))).post("/api/v1/events").then().extract();
                String what = type + " " + body;
                org.assertj.core.api.Assertions.assertThat(plain.statusCode()).as(what).isEqualTo(zipped.statusCode());
                if (plain.statusCode() != 204) {
                    org.assertj.core.api.Assertions.assertThat(plain.contentType()).as(what).isEqualTo(PROBLEM);
                    org.assertj.core.api.Assertions.assertThat(JSON.readTree(plain.asString())).as(what)
                            .isEqualTo(JSON.readTree(zipped.asString()));
                }
            }
        }
        for (var request : List.of(io.restassured.RestAssured.given(), TestApi.as("tg_no_such_key_0123456789"))) {
            var plain = request.contentType(CLOUDEVENT).body(valid).post("/api/v1/events").then().extract();
            org.assertj.core.api.Assertions.assertThat(plain.statusCode()).isEqualTo(401);
            org.assertj.core.api.Assertions.assertThat(JSON.readTree(plain.asString())).isEqualTo(JSON.readTree(
                    request.header("Content-Encoding", "gzip").body(gzip(valid.getBytes(StandardCharsets.UTF_8)))
                            .post("/api/v1/events").then().extract().asString()));
        }
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
