package dev.tollgate.meters.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.Sql;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Drops days of {@code event_keys} that have left the deduplication window (with a day's margin). ClickHouse 18.16
 * has no TTL, but a whole partition can be dropped cheaply, and {@code event_keys} is partitioned by day for this.
 */
@ApplicationScoped
public class EventKeyRetention {

    private static final Logger LOG = Logger.getLogger(EventKeyRetention.class);
    private static final String TABLE = "event_keys";

    private final ClickHouse clickHouse;
    private final Duration window;
    private final Clock clock;

    EventKeyRetention(ClickHouse clickHouse, IngestTopic ingest, Clock clock) {
        this.clickHouse = clickHouse;
        this.window = ingest.lateness();
        this.clock = clock;
    }

    @AwaitedOnShutdown
    @Scheduled(every = "1h", delay = 5, delayUnit = java.util.concurrent.TimeUnit.MINUTES,
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Roles.NeitherAggregatorNorArchiver.class)
    void dropExpiredDaysQuietly() {
        try {
            dropExpiredDays();
        } catch (RuntimeException e) {
            LOG.warnf("could not drop expired event key days: %s", e.getMessage());
        }
    }

    /** @return how many days were dropped */
    public int dropExpiredDays() {
        LocalDate keepFrom = LocalDate.ofInstant(clock.instant().minus(window), ZoneOffset.UTC).minusDays(1);
        int dropped = 0;
        for (JsonNode row : clickHouse.query("SELECT DISTINCT partition FROM system.parts WHERE active AND database = "
                + Sql.string(clickHouse.database()) + " AND table = " + Sql.string(TABLE))) {
            String day = row.get("partition").asText();
            if (LocalDate.parse(day).isBefore(keepFrom)) {
                clickHouse.execute("ALTER TABLE " + clickHouse.table(TABLE) + " DROP PARTITION " + Sql.string(day));
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.infof("dropped %d days of event keys older than %s", dropped, keepFrom);
        }
        return dropped;
    }
}
