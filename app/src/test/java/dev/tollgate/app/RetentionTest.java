package dev.tollgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ingest.store.RawEventRetention;
import dev.tollgate.meters.clickhouse.WindowRetention;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.MonthPartitions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Old usage leaves ClickHouse a whole month at a time (tests keep ten years: application.properties): months older than
 * the retention are dropped, younger ones stay, and a month holding a consumer group's latest position stays too.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    ClickHouse clickHouse;

    @Inject
    RawEventRetention rawEvents;

    @Inject
    WindowRetention windows;

    @Test
    void rawEventsOlderThanTheRetentionGoAMonthAtATime() {
        Instant now = TestTime.now();
        Instant expired = now.minus(4_000, ChronoUnit.DAYS);
        Instant kept = now.minus(3_000, ChronoUnit.DAYS);
        // Unique per run: the kept row stays in the stack for later runs.
        String keptId = "retention-kept-" + java.util.UUID.randomUUID();
        insertRawEvent("retention-old", expired);
        insertRawEvent(keptId, kept);

        assertThat(rawEvents.dropExpired()).contains(month(expired));

        MonthPartitions months = new MonthPartitions(clickHouse);
        assertThat(months.months("events")).doesNotContain(month(expired)).contains(month(kept), month(now));
        assertThat(count("events", "id = '" + keptId + "'")).isEqualTo(1);
    }

    @Test
    void windowsOlderThanTheRetentionGoUnlessTheyHoldAGroupsLatestPosition() {
        Instant now = TestTime.now();
        Instant expired = now.minus(4_100, ChronoUnit.DAYS);
        Instant holdsPosition = now.minus(4_200, ChronoUnit.DAYS);
        insertWindow("retention-meter", expired);
        // An idle consumer group whose only, hence latest, position was written long ago.
        insertMarker("retention-idle-group", holdsPosition);

        assertThat(windows.dropExpired()).contains(month(expired)).doesNotContain(month(holdsPosition));

        MonthPartitions months = new MonthPartitions(clickHouse);
        assertThat(months.months("meter_windows_agg")).doesNotContain(month(expired))
                .contains(month(holdsPosition), month(now));
        assertThat(count("meter_windows_agg", "meter_id = 'retention-idle-group'")).isPositive();
    }

    private static YearMonth month(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    private void insertRawEvent(String id, Instant ingestedAt) {
        clickHouse.execute("INSERT INTO " + clickHouse.table("events") + " (namespace, id, source, type, subject, time,"
                + " ingested_at, stored_at, event, validation_error, topic, kafka_partition, kafka_offset) VALUES"
                + " ('retention', '" + id + "', 'test', 'api-request', 'retention', toDateTime("
                + ingestedAt.getEpochSecond() + "), toDateTime(" + ingestedAt.getEpochSecond() + "), toDateTime("
                + ingestedAt.getEpochSecond() + "), '{}', '', 'retention-test', 0, " + ingestedAt.getEpochSecond()
                + ")");
    }

    private void insertWindow(String meterId, Instant writtenAt) {
        clickHouse.execute("INSERT INTO " + clickHouse.table("meter_windows_in") + " (namespace, meter_id,"
                + " event_subject, minute, sum_value, event_count, batch, inserted_at, source_partition, next_offset)"
                + " VALUES ('retention', '" + meterId + "', 'someone', toDateTime(" + writtenAt.getEpochSecond()
                + "), 1, 1, 'retention-batch', toDateTime(" + writtenAt.getEpochSecond() + "), 0, 0)");
    }

    private void insertMarker(String group, Instant writtenAt) {
        clickHouse.execute("INSERT INTO " + clickHouse.table("meter_windows_in") + " (namespace, meter_id,"
                + " event_subject, minute, batch, inserted_at, source_partition, next_offset) VALUES ('', '" + group
                + "', 'retention-topic', toDateTime(0), 'retention-marker', toDateTime(" + writtenAt.getEpochSecond()
                + "), 0, 42)");
    }

    private long count(String table, String where) {
        return clickHouse.query("SELECT count() AS n FROM " + clickHouse.table(table) + " WHERE " + where).get(0)
                .get("n").asLong();
    }
}
