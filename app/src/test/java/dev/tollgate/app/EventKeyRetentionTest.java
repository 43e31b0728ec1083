package dev.tollgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.meters.clickhouse.EventKeyRetention;
import dev.tollgate.shared.clickhouse.ClickHouse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Deduplication keys are kept for the window and dropped by whole days after it. */
@QuarkusTest
class EventKeyRetentionTest {

    @Inject
    EventKeyRetention retention;

    @Inject
    ClickHouse clickHouse;

    @Test
    void daysPastTheWindowAreDroppedAndRecentOnesKept() {
        String table = clickHouse.table("event_keys");
        String today = LocalDate.ofInstant(TestTime.now(), java.time.ZoneOffset.UTC).toString();
        clickHouse.execute("INSERT INTO " + table + " VALUES ('retention-test', 1, 1, 0, 0, '2001-01-01'),"
                + " ('retention-test', 2, 2, 0, 0, '" + today + "')");

        assertThat(retention.dropExpiredDays()).isPositive();

        assertThat(clickHouse.query("SELECT toString(ingested_day) AS d FROM " + table
                + " WHERE topic = 'retention-test'").stream().map(r -> r.get("d").asText()))
                .contains(today).doesNotContain("2001-01-01");
    }
}
