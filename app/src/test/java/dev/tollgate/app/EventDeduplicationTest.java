package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT;
import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.uniqueSubject;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Events are unique by (source, id): retries and repeats count once, whatever path they take. */
@QuarkusTest
class EventDeduplicationTest {

    @Test
    void repeatsInsideOneBatchCountOnce() {
        String subject = uniqueSubject();
        Map<String, Object> event = apiRequest(subject, TestTime.at(-1, "10:00:00"), "/a", 200);
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(event, event, event)).post("/api/v1/events")
                .then().statusCode(204);
        sentinelThenExpect(subject, "1");
    }

    @Test
    void retriedRequestsCountOnce() {
        String subject = uniqueSubject();
        List<Map<String, Object>> batch = List.of(apiRequest(subject, TestTime.at(-1, "10:00:00"), "/a", 200),
                apiRequest(subject, TestTime.at(-1, "10:01:00"), "/a", 200));
        for (int attempt = 0; attempt < 3; attempt++) {
            admin().contentType(CLOUDEVENT_BATCH).body(batch).post("/api/v1/events").then().statusCode(204);
        }
        sentinelThenExpect(subject, "2");
    }

    @Test
    void sameIdFromAnotherSourceIsAnotherEvent() {
        String subject = uniqueSubject();
        Map<String, Object> first = new HashMap<>(apiRequest(subject, TestTime.at(-1, "10:00:00"), "/a", 200));
        Map<String, Object> second = new HashMap<>(first);
        second.put("source", "another-gateway");
        admin().contentType(CLOUDEVENT).body(first).post("/api/v1/events").then().statusCode(204);
        admin().contentType(CLOUDEVENT).body(second).post("/api/v1/events").then().statusCode(204);
        sentinelThenExpect(subject, "2");
    }

    @Test
    void repeatAfterTheFirstCopyWasWrittenCountsOnce() {
        String subject = uniqueSubject();
        Map<String, Object> event = apiRequest(subject, TestTime.at(-1, "10:00:00"), "/a", 200);
        admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("api_requests", subject, "1");
        admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events").then().statusCode(204);
        sentinelThenExpect(subject, "1");
    }

    @Test
    void oneIdSentWithSixSubjectsCountsOnce() throws InterruptedException {
        // The partition key is (source, id), not the subject, so every copy meets the first on one partition.
        String id = "same-" + java.util.UUID.randomUUID();
        List<String> subjects = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String subject = uniqueSubject();
            subjects.add(subject);
            Map<String, Object> event = new HashMap<>(apiRequest(subject, TestTime.at(-1, "10:00:00"), "/a", 200));
            event.put("id", id);
            event.put("source", "dedup");
            admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events").then().statusCode(204);
            Thread.sleep(300); // apart, so that the copies land in different flushes of the aggregator
        }
        AggregatorBarrier.await();
        BigDecimal total = BigDecimal.ZERO;
        for (String subject : subjects) {
            for (BigDecimal value : IngestAndQueryTest.query("api_requests", "subject=" + subject)
                    .getList("data.value", BigDecimal.class)) {
                total = total.add(value);
            }
        }
        assertThat(total).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(IngestAndQueryTest.query("api_requests", "subject=" + subjects.get(0)).getList("data.value",
                BigDecimal.class)).singleElement().satisfies(v -> assertThat(v).isEqualByComparingTo("1"));
        // The archive holds the copy the meters counted, and no other.
        assertThat(archived("id=" + id).getList("event.subject", String.class)).containsExactly(subjects.get(0));
    }

    /**
     * Waits until everything ingested is counted and archived, then checks the subject's exact total, and that the
     * event browser lists as many events: the archive holds what the meters count, each event once.
     */
    private static void sentinelThenExpect(String subject, String expected) {
        AggregatorBarrier.await();
        BigDecimal total = IngestAndQueryTest.query("api_requests", "subject=" + subject)
                .getObject("data[0].value", BigDecimal.class);
        assertThat(total).isEqualByComparingTo(new BigDecimal(expected));
        JsonPath archived = archived("subject=" + subject);
        List<String> sources = archived.getList("event.source", String.class);
        List<String> ids = archived.getList("event.id", String.class);
        List<String> events = IntStream.range(0, ids.size()).mapToObj(i -> sources.get(i) + "/" + ids.get(i)).toList();
        assertThat(events).hasSize(Integer.parseInt(expected)).doesNotHaveDuplicates();
    }

    private static JsonPath archived(String params) {
        return admin().get("/api/v1/events?from=" + TestTime.day(-2) + "&" + params).then().statusCode(200)
                .extract().jsonPath();
    }
}
