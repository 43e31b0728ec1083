package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.PROBLEM;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.event;
import static dev.tollgate.app.TestApi.llmUsage;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenMeter's event browser: every ingested event, with why no meter could use it. */
@QuarkusTest
class EventBrowserTest {

    @Test
    void listsIngestedEventsNewestFirstWithValidationErrors() {
        String subject = uniqueSubject();
        java.time.Instant day = TestTime.day(-1);
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                apiRequest(subject, TestTime.at(day, "10:00:00"), "/ok", 200),
                event("unmetered-type", subject, TestTime.at(day, "10:01:00"), Map.of("x", 1)),
                llmUsage(subject, TestTime.at(day, "10:02:00"), "gpt-4o", "lots", 5)))
                .post("/api/v1/events").then().statusCode(204);

        JsonPath events = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> list("subject=" + subject + "&from=" + day),
                        page -> page.getList("$").size() == 3);

        assertThat(events.getList("event.type", String.class))
                .containsExactly("llm-usage", "unmetered-type", "api-request");
        assertThat(events.getString("[0].validationError")).contains("llm_input_tokens").contains("$.input_tokens");
        assertThat(events.getString("[0].validationError")).doesNotContain("llm_output_tokens");
        assertThat(events.getString("[1].validationError")).contains("no meter reads events of type 'unmetered-type'");
        assertThat(events.getString("[2].validationError")).isNull();
        assertThat(events.getString("[2].event.data.route")).isEqualTo("/ok");
        assertThat(events.getString("[2].ingestedAt")).isNotNull();
        assertThat(events.getString("[2].storedAt")).isNotNull();

        assertThat(list("subject=" + subject + "&from=" + day + "&type=api-request").getList("$")).hasSize(1);
        assertThat(list("subject=" + subject + "&from=" + day + "&limit=2").getList("$")).hasSize(2);
        String id = events.getString("[2].event.id");
        assertThat(list("from=" + day + "&id=" + id.substring(0, 12)).getList("event.id")).contains(id);
        assertThat(list("subject=" + subject + "&from=" + TestTime.at(day, "10:01:00") + "&to=" + TestTime.at(day, "10:02:00"))
                .getList("event.type")).containsExactly("unmetered-type");
    }

    /**
     * The archive is its own consumer group and may lag behind meters: the list says by how much. Once everything
     * ingested is archived (the barrier), the lag measured next is none.
     */
    @Test
    void theListSaysHowFarTheArchiveIsBehind() {
        AggregatorBarrier.await();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            io.restassured.response.Response response = admin().get("/api/v1/events?limit=1");
            response.then().statusCode(200);
            assertThat(response.header("Tollgate-Archive-Lag-Events")).isEqualTo("0");
            assertThat(response.header("Tollgate-Archive-Lag-Seconds")).isEqualTo("0");
        });
    }

    /** The list looks back an hour, a day, a month, then everything: each limit gets the newest events of all. */
    @Test
    void theNewestComeFirstHoweverFarBackTheyLie() {
        String subject = uniqueSubject();
        java.time.Instant now = TestTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<java.time.Instant> times = List.of(now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofHours(5)),
                now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(20)));
        admin().contentType(CLOUDEVENT_BATCH).body(times.stream().map(t -> apiRequest(subject, t.toString(), "/r",
                200)).toList()).post("/api/v1/events").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> list("subject=" + subject).getList("$").size() == 4);

        for (int limit = 1; limit <= 5; limit++) {
            assertThat(list("subject=" + subject + "&limit=" + limit).getList("event.time", String.class)
                    .stream().map(java.time.Instant::parse).toList()).as("limit " + limit)
                    .isEqualTo(times.subList(0, Math.min(limit, times.size())));
        }
    }

    @Test
    void eventsNameTheirCustomerAndAreFilteredByIt() {
        String subject = uniqueSubject();
        String other = uniqueSubject();
        String customerId = admin().contentType("application/json").body(Map.of("key", "browse-" + subject,
                "name", "Browsed", "usageAttribution", Map.of("subjectKeys", List.of(subject))))
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
        java.time.Instant day = TestTime.day(-1);
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(
                apiRequest(subject, TestTime.at(day, "11:00:00"), "/mine", 200),
                apiRequest(other, TestTime.at(day, "11:00:00"), "/theirs", 200)))
                .post("/api/v1/events").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> list("from=" + day + "&subject=" + other).getList("$").size() == 1);

        JsonPath mine = list("from=" + day + "&customerId=" + customerId);
        assertThat(mine.getList("event.subject", String.class)).containsExactly(subject);
        assertThat(mine.getList("customerId", String.class)).containsExactly(customerId);
        assertThat(list("from=" + day + "&subject=" + other).getString("[0].customerId")).isNull();

        admin().get("/api/v1/events?customerId=01KZZZZZZZZZZZZZZZZZZZZZZZ").then().statusCode(400)
                .contentType(PROBLEM).body("extensions.validationErrors.field", equalTo(List.of("customerId")));
    }

    @Test
    void parametersAreValidated() {
        admin().get("/api/v1/events?limit=0").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("limit"));
        admin().get("/api/v1/events?limit=101").then().statusCode(400).contentType(PROBLEM);
        admin().get("/api/v1/events?from=yesterday").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("from"));
    }

    @Test
    void needsTheReadScope() {
        String ingestOnly = admin().contentType("application/json")
                .body(Map.of("name", "gw", "scopes", List.of("ingest"))).post("/api/v1/api-keys")
                .then().statusCode(201).extract().path("secret");
        TestApi.as(ingestOnly).get("/api/v1/events").then().statusCode(403).contentType(PROBLEM);
    }

    private static JsonPath list(String params) {
        return admin().get("/api/v1/events?" + params).then().statusCode(200).extract().jsonPath();
    }
}
