package dev.tollgate.meters.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.MonthPartitions;
import dev.tollgate.shared.clickhouse.RetentionConfig;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Drops the months of meter windows written longer ago than {@code tollgate.retention.windows}. Windows are
 * partitioned by the month they were written, and a window is written soon after its events, so this drops usage of
 * old months. A month holding any consumer group's latest stored position of a Kafka partition is kept whatever its
 * age: without it, that group would read the partition again from its start (an idle partition writes no new ones).
 */
@ApplicationScoped
public class WindowRetention {

    private static final Logger LOG = Logger.getLogger(WindowRetention.class);
    private static final String TABLE = "meter_windows_agg";

    private final ClickHouse clickHouse;
    private final MonthPartitions partitions;
    private final RetentionConfig config;
    private final Clock clock;

    WindowRetention(ClickHouse clickHouse, RetentionConfig config, Clock clock) {
        this.clickHouse = clickHouse;
        this.partitions = new MonthPartitions(clickHouse);
        this.config = config;
        this.clock = clock;
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "window-retention", every = "1h", delayed = "5m",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Roles.NotAggregator.class)
    void dropExpiredQuietly() {
        try {
            dropExpired();
        } catch (RuntimeException e) {
            LOG.warnf("could not drop expired months of meter windows: %s", e.getMessage());
        }
    }

    /** @return the months dropped; none when no retention is set */
    public List<YearMonth> dropExpired() {
        if (config.windows().isEmpty()) {
            return List.of();
        }
        YearMonth keepFrom = RetentionConfig.keepFrom(clock.instant(), config.windows().get());
        List<YearMonth> dropped = partitions.dropBefore(TABLE, keepFrom, monthsOfLatestPositions());
        if (!dropped.isEmpty()) {
            LOG.infof("dropped meter windows written in %s (retention %s)", dropped, config.windows().get());
        }
        return dropped;
    }

    /** The months that hold a consumer group's latest commit marker of some partition (see ClickHouseWindowStore). */
    private Set<YearMonth> monthsOfLatestPositions() {
        Set<YearMonth> months = new HashSet<>();
        for (JsonNode row : clickHouse.query("SELECT DISTINCT toYYYYMM(max(written_at)) AS m FROM "
                + clickHouse.table(TABLE) + " WHERE namespace = '' AND window_seconds = 0 AND source_next_offset > 0"
                + " AND NOT startsWith(subject, '~') GROUP BY meter_id, subject, source_partition")) {
            int month = row.get("m").asInt();
            months.add(YearMonth.of(month / 100, month % 100));
        }
        return months;
    }
}
