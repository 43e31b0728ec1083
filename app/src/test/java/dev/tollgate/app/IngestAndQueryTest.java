package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT;
import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.llmUsage;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The thin path end to end: HTTP → Kafka → aggregator → ClickHouse → meter query, on the real services. */
@QuarkusTest
class IngestAndQueryTest {

    @Test
    void ingestedRequestsAreCountedPerWindowAndGroup() {
        String subject = uniqueSubject();
        Instant day = TestTime.day(-1);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(apiRequest(subject, TestTime.at(day, "10:0" + i + ":30"), "/orders", 200));
        }
        batch.add(apiRequest(subject, TestTime.at(day, "11:15:00"), "/orders", 500));
        // 11:16 at +01:00 is 10:16 UTC: it lands in the 10:00 window.
        batch.add(apiRequest(subject, TestTime.at(day, "11:16:00").replace("Z", "+01:00"), "/users", 200));

        admin().contentType(CLOUDEVENT_BATCH).body(batch).post("/api/v1/events").then().statusCode(204);

        awaitTotal("api_requests", subject, "7");
        JsonPath hourly = query("api_requests", "subject=" + subject + "&windowSize=HOUR&groupBy=route");
        assertThat(hourly.getList("data.value", BigDecimal.class)).containsExactly(
                new BigDecimal("5"), new BigDecimal("1"), new BigDecimal("1"));
        assertThat(hourly.getList("data.windowStart", String.class)).containsExactly(
                TestTime.at(day, "10:00:00"), TestTime.at(day, "10:00:00"), TestTime.at(day, "11:00:00"));
        assertThat(hourly.getList("data.groupBy.route", String.class)).containsExactly("/orders", "/users", "/orders");
        assertThat(hourly.getList("data.subject", String.class)).containsOnly(subject);
        assertThat(hourly.getString("windowSize")).isEqualTo("HOUR");

        JsonPath total = query("api_requests", "subject=" + subject);
        assertThat(total.getList("data.value", BigDecimal.class)).containsExactly(new BigDecimal("7"));
        assertThat(total.getString("data[0].windowStart")).isEqualTo(TestTime.at(day, "10:00:00"));
        assertThat(total.getString("data[0].windowEnd")).isEqualTo(TestTime.at(day, "11:16:00"));
    }

    @Test
    void tokensAreSummedExactlyIncludingNumericStringsAndDecimals() {
        String subject = uniqueSubject();
        Instant day = TestTime.day(-1);
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                llmUsage(subject, TestTime.at(day, "08:00:00"), "gpt-4o", 1000, 10),
                llmUsage(subject, TestTime.at(day, "08:00:01"), "gpt-4o", "2500", 20),
                llmUsage(subject, TestTime.at(day, "09:30:00"), "claude", 0.1, 0.2),
                llmUsage(subject, TestTime.at(day, "09:31:00"), "claude", 0.2, "not a number")))
                .post("/api/v1/events").then().statusCode(204);

        awaitTotal("llm_input_tokens", subject, "3500.3");
        awaitTotal("llm_output_tokens", subject, "30.2");
        JsonPath input = query("llm_input_tokens", "subject=" + subject + "&groupBy=model");
        assertThat(input.getList("data.groupBy.model", String.class)).containsExactly("claude", "gpt-4o");
        assertThat(input.getList("data.value", BigDecimal.class)).containsExactly(
                new BigDecimal("0.3"), new BigDecimal("3500"));

    }

    @Test
    void dayWindowsFollowTheRequestedTimeZone() {
        String subject = uniqueSubject();
        Instant day = TestTime.day(-2);
        Instant dayBefore = TestTime.day(-3);
        Instant dayAfter = TestTime.day(-1);
        // 18:45 UTC is already the next day in Kolkata (UTC+05:30).
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                apiRequest(subject, TestTime.at(day, "18:15:00"), "/a", 200),
                apiRequest(subject, TestTime.at(day, "18:45:00"), "/a", 200)))
                .post("/api/v1/events").then().statusCode(204);

        awaitTotal("api_requests", subject, "2");
        JsonPath kolkata = query("api_requests",
                "subject=" + subject + "&windowSize=DAY&windowTimeZone=Asia/Kolkata");
        assertThat(kolkata.getList("data.windowStart", String.class)).containsExactly(
                TestTime.at(dayBefore, "18:30:00"), TestTime.at(day, "18:30:00"));
        assertThat(kolkata.getList("data.windowEnd", String.class)).containsExactly(
                TestTime.at(day, "18:30:00"), TestTime.at(dayAfter, "18:30:00"));

        JsonPath utc = query("api_requests", "subject=" + subject + "&windowSize=DAY");
        assertThat(utc.getList("data.value", BigDecimal.class)).containsExactly(new BigDecimal("2"));
    }

    @Test
    void fromIsInclusiveAndToIsExclusive() {
        String subject = uniqueSubject();
        Instant day = TestTime.day(-1);
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                apiRequest(subject, TestTime.at(day, "10:00:00"), "/a", 200),
                apiRequest(subject, TestTime.at(day, "10:59:59"), "/a", 200),
                apiRequest(subject, TestTime.at(day, "11:00:00"), "/a", 200)))
                .post("/api/v1/events").then().statusCode(204);
        awaitTotal("api_requests", subject, "3");

        JsonPath range = query("api_requests", "subject=" + subject + "&from=" + TestTime.at(day, "10:00:00")
                + "&to=" + TestTime.at(day, "11:00:00"));
        assertThat(range.getList("data.value", BigDecimal.class)).containsExactly(new BigDecimal("2"));
        assertThat(range.getString("from")).isEqualTo(TestTime.at(day, "10:00:00"));
        assertThat(range.getString("data[0].windowEnd")).isEqualTo(TestTime.at(day, "11:00:00"));

        // OpenMeter's SDK sends bounds with milliseconds: a bound inside a minute moves to the minute's start.
        JsonPath sdk = query("api_requests", "subject=" + subject + "&from=" + TestTime.at(day, "10:00:42.724")
                + "&to=" + TestTime.at(day, "10:59:59.999"));
        assertThat(sdk.getString("from")).isEqualTo(TestTime.at(day, "10:00:00"));
        assertThat(sdk.getString("to")).isEqualTo(TestTime.at(day, "10:59:00"));
        assertThat(sdk.getList("data.value", BigDecimal.class)).containsExactly(new BigDecimal("1"));
    }

    @Test
    void singleEventWithoutTimeIsStampedOnArrival() {
        String subject = uniqueSubject();
        Map<String, Object> event = new java.util.HashMap<>(apiRequest(subject, null, "/now", 200));
        event.remove("time");
        admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events").then().statusCode(204);
        awaitTotal("api_requests", subject, "1");
    }

    @Test
    void metersListIsABareArrayWithTheDefaults() {
        admin().get("/api/v1/meters").then().statusCode(200)
                .body("slug", org.hamcrest.Matchers.hasItems("api_requests", "llm_input_tokens", "llm_output_tokens"));
        admin().get("/api/v1/meters/api_requests").then().statusCode(200)
                .body("aggregation", equalTo("COUNT"))
                .body("eventType", equalTo("api-request"));
        admin().get("/api/v1/meters/llm_input_tokens").then().statusCode(200)
                .body("valueProperty", equalTo("$.input_tokens"));
    }

    @Test
    void unknownSubjectHasNoRows() {
        admin().get("/api/v1/meters/api_requests/query?subject=" + uniqueSubject()).then().statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void aTotalOverAnEmptyRangeHasNoRows() {
        // Not one row with value 0: OpenMeter leaves out empty windows, totals included.
        // January 1970: no event of any run can be there, whatever date a run's clock reads (the test databases keep
        // the usage of earlier runs, some of them at other dates).
        admin().get("/api/v1/meters/api_requests/query?from=1970-01-02T00:00:00Z&to=1970-02-01T00:00:00Z").then()
                .statusCode(200).body("data", hasSize(0));
        admin().get("/api/v1/meters/llm_input_tokens/query?from=1970-01-02T00:00:00Z&to=1970-02-01T00:00:00Z")
                .then().statusCode(200).body("data", hasSize(0));
        admin().get("/api/v1/meters/api_requests/query?to=1970-02-01T00:00:00Z").then().statusCode(200)
                .body("data", hasSize(0));
    }

    static JsonPath query(String meter, String params) {
        return admin().get("/api/v1/meters/" + meter + "/query?" + params).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the subject's total usage is exactly {@code expected}: the aggregator writes asynchronously. */
    static void awaitTotal(String meter, String subject, String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> query(meter, "subject=" + subject).getList("data.value", BigDecimal.class),
                        values -> values.size() == 1 && values.get(0).compareTo(new BigDecimal(expected)) == 0);
    }
}
