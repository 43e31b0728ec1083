package dev.tollgate.ingest.store;

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
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Drops the months of raw events older than {@code tollgate.retention.raw-events}, by the month they were ingested.
 * Backfills of meters defined later can only fold what is kept.
 */
@ApplicationScoped
public class RawEventRetention {

    private static final Logger LOG = Logger.getLogger(RawEventRetention.class);
    private static final String TABLE = "events";

    private final MonthPartitions partitions;
    private final RetentionConfig config;
    private final Clock clock;

    RawEventRetention(ClickHouse clickHouse, RetentionConfig config, Clock clock) {
        this.partitions = new MonthPartitions(clickHouse);
        this.config = config;
        this.clock = clock;
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "raw-event-retention", every = "1h", delayed = "5m",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Roles.NotArchiver.class)
    void dropExpiredQuietly() {
        try {
            dropExpired();
        } catch (RuntimeException e) {
            LOG.warnf("could not drop expired months of raw events: %s", e.getMessage());
        }
    }

    /** @return the months dropped; none when no retention is set */
    public List<YearMonth> dropExpired() {
        if (config.rawEvents().isEmpty()) {
            return List.of();
        }
        YearMonth keepFrom = RetentionConfig.keepFrom(clock.instant(), config.rawEvents().get());
        List<YearMonth> dropped = partitions.dropBefore(TABLE, keepFrom, Set.of());
        if (!dropped.isEmpty()) {
            LOG.infof("dropped raw events ingested in %s (retention %s)", dropped, config.rawEvents().get());
        }
        return dropped;
    }
}
