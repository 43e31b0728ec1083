package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What gateways send that cannot all be metered, and what gateways refuse themselves: a Kong batch keeps its good
 * records; Kong's own 401s and 429s are easy to leave unbilled; Kong Enterprise's Metering & Billing events are
 * metered with no set-up.
 */
@QuarkusTest
class KongGatewayRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KONG = "/api/v1/kong/http-log";

    @Test
    void aBatchKeepsItsGoodRecordsAndSetsAsideTheRestWithTheirReasons() throws IOException {
        String subject = uniqueSubject();
        ObjectNode good = record("01-http-log-rest-200.json", subject);
        ObjectNode tooOld = record("01-http-log-rest-200.json", subject);
        tooOld.put("started_at", TestTime.now().minus(Duration.ofDays(40)).toEpochMilli());
        ObjectNode tooNew = record("01-http-log-rest-200.json", subject);
        tooNew.put("started_at", TestTime.now().plus(Duration.ofHours(3)).toEpochMilli());
        ObjectNode negativeTokens = record("04-http-log-ai-proxy-chat.json", subject);
        ((ObjectNode) negativeTokens.at("/ai/proxy/usage")).put("prompt_tokens", -5);
        ArrayNode batch = JSON.createArrayNode().add(good).add(tooOld).add(tooNew).add(negativeTokens).add(42);

        JsonPath answer = admin().contentType("application/json").body(batch.toString()).post(KONG).then()
                .statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        assertThat(answer.getInt("records")).isEqualTo(5);
        assertThat(answer.getInt("recordsSetAside")).isEqualTo(4);
        assertThat(answer.getInt("events")).isEqualTo(2); // the good record, and the AI record's request itself
        assertThat(answer.getList("setAside.record", Integer.class)).containsExactly(1, 2, 3, 4);
        assertThat(answer.getString("setAside.find { it.record == 1 }.reason")).contains("lateness window");
        assertThat(answer.getString("setAside.find { it.record == 2 }.reason")).contains("ahead of the server");
        assertThat(answer.getString("setAside.find { it.record == 3 }.reason"))
                .isEqualTo("ai.proxy.usage.prompt_tokens is -5, not a token count");
        assertThat(answer.getString("setAside.find { it.record == 4 }.reason"))
                .isEqualTo("must be a JSON object, not number");

        AggregatorBarrier.await();
        IngestAndQueryTest.awaitTotal("api_requests", subject, "2");
        assertThat(IngestAndQueryTest.query("llm_input_tokens", "subject=" + subject).getList("data")).isEmpty();

        String tooOldId = tooOld.at("/request/id").asText();
        JsonPath kept = admin().get("/api/v1/events?id=" + tooOldId).then().statusCode(200).extract().jsonPath();
        assertThat(kept.getList("event.id", String.class)).containsExactly(tooOldId);
        assertThat(kept.getList("validationError", String.class))
                .allMatch(error -> error.startsWith("set aside at ingest: ") && error.contains("lateness window"));
        String negativeId = negativeTokens.at("/request/id").asText() + ":llm";
        JsonPath llm = admin().get("/api/v1/events?id=" + negativeId).then().statusCode(200).extract().jsonPath();
        assertThat(llm.getInt("[0].event.data.input_tokens")).isEqualTo(-5);
        assertThat(llm.getString("[0].validationError")).contains("not a token count");
    }

    @Test
    void callsKongRefusedItselfAreLeftOutByTheResponseSourceGroup() throws IOException {
        String subject = uniqueSubject();
        ObjectNode proxied = record("01-http-log-rest-200.json", subject);
        ObjectNode rateLimited = record("01-http-log-rest-200.json", subject);
        rateLimited.put("source", "kong");
        rateLimited.put("upstream_status", "");
        ((ObjectNode) rateLimited.get("response")).put("status", 429);
        ((ObjectNode) rateLimited.get("latencies")).put("proxy", -1);
        ObjectNode oldKongUnauthorized = record("01-http-log-rest-200.json", subject);
        oldKongUnauthorized.remove("source"); // before Kong 3.6: told by latencies.proxy = -1
        ((ObjectNode) oldKongUnauthorized.get("response")).put("status", 401);
        ((ObjectNode) oldKongUnauthorized.get("latencies")).put("proxy", -1);
        admin().contentType("application/json")
                .body(JSON.createArrayNode().add(proxied).add(rateLimited).add(oldKongUnauthorized).toString())
                .post(KONG).then().statusCode(204);

        IngestAndQueryTest.awaitTotal("api_requests", subject, "3");
        JsonPath billable = IngestAndQueryTest.query("api_requests",
                "subject=" + subject + "&filterGroupBy[response_source]=upstream");
        assertThat(billable.getList("data.value", BigDecimal.class)).singleElement()
                .satisfies(value -> assertThat(value).isEqualByComparingTo("1"));

        // The README's "sell it" feature: the same filter, so the plan bills only calls that reached the upstream.
        admin().contentType(ContentType.JSON).body(Map.of("key", "billable_" + UUID.randomUUID().toString()
                .replace("-", "").substring(0, 10), "name", "API requests", "meterSlug", "api_requests",
                "meterGroupByFilters", Map.of("response_source", "upstream"))).post("/api/v1/features").then()
                .statusCode(201).body("meterGroupByFilters.response_source", equalTo("upstream"));
    }

    @Test
    void kongEnterpriseMeteringEventsAreMeteredWithNoSetUp() {
        String subject = "consumer:" + UUID.randomUUID();
        String request = UUID.randomUUID().toString();
        String time = TestTime.at(-1, "12:00:00");
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                kongEvent("kong.api_request", subject, time, Map.of("request_method", "POST", "route_name", "chat",
                        "service_name", "llm", "response_http_status", 200)),
                kongEvent("kong.llm_request", subject, time, Map.of("type", "request", "tokens", 25, "model",
                        "gpt-4o", "provider", "openai", "api_request_id", request)),
                kongEvent("kong.llm_request", subject, time, Map.of("type", "response", "tokens", 12, "model",
                        "gpt-4o", "provider", "openai", "api_request_id", request))))
                .post("/api/v1/events").then().statusCode(204);

        IngestAndQueryTest.awaitTotal("api_requests_total", subject, "1");
        IngestAndQueryTest.awaitTotal("llm_tokens_total", subject, "37");
        JsonPath byType = IngestAndQueryTest.query("llm_tokens_total", "subject=" + subject + "&groupBy=type");
        assertThat(byType.getList("data.groupBy.type", String.class)).containsExactly("request", "response");
        assertThat(byType.getList("data.value", BigDecimal.class)).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("25"), new BigDecimal("12"));
        admin().get("/api/v1/meters/api_requests_total").then().statusCode(200)
                .body("eventType", equalTo("kong.api_request")).body("groupBy.route_name", containsString("route_name"));
    }

    private static Map<String, Object> kongEvent(String type, String subject, String time, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>(TestApi.event(type, subject, time, data));
        event.put("source", "kong-metering-and-billing");
        return event;
    }

    /** A sample record with a fresh request id, the subject as its consumer, started a minute ago. */
    private static ObjectNode record(String sample, String subject) throws IOException {
        try (InputStream in = KongGatewayRecordsTest.class.getResourceAsStream("/kong/" + sample)) {
            ObjectNode record = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) record.get("request")).put("id", UUID.randomUUID().toString().replace("-", ""));
            ((ObjectNode) record.get("consumer")).put("id", subject);
            record.put("started_at", KongIngestTest.startedAt());
            return record;
        }
    }
}
