package dev.tollgate.shared.clickhouse;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * How long usage data is kept in ClickHouse; unset keeps it for ever. Data goes a whole month at a time (tables are
 * partitioned by month), so a month is dropped once all of it is older than the retention.
 */
@ConfigMapping(prefix = "tollgate.retention")
public interface RetentionConfig {

    /** The shortest retention taken: a month of data must outlive the lateness window and the month after it. */
    Duration SHORTEST = Duration.ofDays(62);

    /** The raw event store ({@code events}), by the month events were ingested. */
    Optional<Duration> rawEvents();

    /** Meter windows ({@code meter_windows_agg}), by the month they were written. */
    Optional<Duration> windows();

    /** The first month to keep at {@code now} for a retention, at least {@link #SHORTEST}. */
    static YearMonth keepFrom(java.time.Instant now, Duration retention) {
        Duration kept = retention.compareTo(SHORTEST) < 0 ? SHORTEST : retention;
        return YearMonth.from(now.minus(kept).atZone(ZoneOffset.UTC));
    }
}
