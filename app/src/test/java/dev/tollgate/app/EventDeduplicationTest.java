package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT;
import static dev.tollgate.app.TestApi.CLOUDEVENT_BATCH;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.uniqueSubject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events are unique by (source, id): retries and repeats count once, whatever path they take. */
@QuarkusTest
class EventDeduplicationTest {

    @Test
    void repeatsInsideOneBatchCountOnce() {
        String subject = uniqueSubject();
        Map<String, Object> event = apiRequest(subject, "2026-07-01T10:00:00Z", "/a", 200);
        admin().contentType(CLOUDEVENT_BATCH).body(List.of(event, event, event)).post("/api/v1/events")
                .then().statusCode(204);
        sentinelThenExpect(subject, "1");
    }

    @Test
    void retriedRequestsCountOnce() {
        String subject = uniqueSubject();
        List<Map<String, Object>> batch = List.of(apiRequest(subject, "2026-07-01T10:00:00Z", "/a", 200),
                apiRequest(subject, "2026-07-01T10:01:00Z", "/a", 200));
        for (int attempt = 0; attempt < 3; attempt++) {
            admin().contentType(CLOUDEVENT_BATCH).body(batch).post("/api/v1/events").then().statusCode(204);
        }
        sentinelThenExpect(subject, "2");
    }

    @Test
    void sameIdFromAnotherSourceIsAnotherEvent() {
        String subject = uniqueSubject();
        Map<String, Object> first = new HashMap<>(apiRequest(subject, "2026-07-01T10:00:00Z", "/a", 200));
        Map<String, Object> second = new HashMap<>(first);
        second.put("source", "another-gateway");
        admin().contentType(CLOUDEVENT).body(first).post("/api/v1/events").then().statusCode(204);
        admin().contentType(CLOUDEVENT).body(second).post("/api/v1/events").then().statusCode(204);
        sentinelThenExpect(subject, "2");
    }

    @Test
    void repeatAfterTheFirstCopyWasWrittenCountsOnce() {
        String subject = uniqueSubject();
        Map<String, Object> event = apiRequest(subject, "2026-07-01T10:00:00Z", "/a", 200);
        admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events").then().statusCode(204);
        IngestAndQueryTest.awaitTotal("api_requests", subject, "1");
        admin().contentType(CLOUDEVENT).body(event).post("/api/v1/events").then().statusCode(204);
        sentinelThenExpect(subject, "1");
    }

    /**
     * Sends one more distinct event for the subject (same partition, later offset) and waits until it is counted:
     * by then every event before it is counted too, so the total must be exact.
     */
    private static void sentinelThenExpect(String subject, String expectedWithoutSentinel) {
        admin().contentType(CLOUDEVENT).body(apiRequest(subject, "2026-07-01T11:00:00Z", "/sentinel", 200))
                .post("/api/v1/events").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> IngestAndQueryTest.query("api_requests", "subject=" + subject + "&groupBy=route")
                        .getList("data.groupBy.route", String.class).contains("/sentinel"));
        BigDecimal total = IngestAndQueryTest.query("api_requests", "subject=" + subject)
                .getObject("data[0].value", BigDecimal.class);
        assertThat(total).isEqualByComparingTo(new BigDecimal(expectedWithoutSentinel).add(BigDecimal.ONE));
    }
}
