package dev.tollgate.app;

import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Meters come first: while the aggregator is further behind than the threshold, the archiver holds its writes, and the
 * archive still ends up with every event exactly once. The threshold here is one event, so the few events the
 * aggregator has not yet written while posts keep arriving are enough to make the archiver hold.
 */
@QuarkusTest
@TestProfile(ArchivePriorityTest.HoldsAtOneEvent.class)
class ArchivePriorityTest {

    public static class HoldsAtOneEvent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.archive.yield-above-aggregator-lag", "1",
                    "tollgate.archive.max-yield", "1s");
        }
    }

    /** One page of the event list. */
    private static final int MAX_EVENTS = 100;

    @Inject
    MeterRegistry registry;

    @Test
    void theArchiverHoldsForTheAggregatorAndStillArchivesEveryEventOnce() {
        String subject = uniqueSubject();
        Instant day = TestTime.day(-1);
        double holdsBefore = holds();
        AtomicInteger posted = new AtomicInteger();

        // Keep events coming until the archiver has held a batch for the aggregator (its batches are due every 2 s), at
        // most as many as one page of the event list shows.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            admin().contentType(TestApi.CLOUDEVENT_BATCH).body(List.of(apiRequest(subject,
                    TestTime.at(day, "10:00:00"), "/held", 200))).post("/api/v1/events").then().statusCode(204);
            return posted.incrementAndGet() >= MAX_EVENTS || holds() > holdsBefore;
        });
        assertThat(holds()).as("batches the archiver held").isGreaterThan(holdsBefore);
        AggregatorBarrier.await();

        assertThat(IngestAndQueryTest.query("api_requests", "subject=" + subject).getList("data.value",
                BigDecimal.class)).containsExactly(BigDecimal.valueOf(posted.get()));
        List<String> archived = admin().queryParam("subject", subject).queryParam("limit", MAX_EVENTS)
                .get("/api/v1/events").then().statusCode(200).extract().jsonPath().getList("event.id");
        assertThat(archived).hasSize(posted.get()).doesNotHaveDuplicates();
    }

    private double holds() {
        return registry.counter("tollgate.archive.holds").count();
    }
}
