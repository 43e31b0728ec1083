package dev.tollgate.meters.aggregator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "tollgate.aggregator")
public interface AggregatorConfig {

    /** Kafka consumer group of the aggregators; its committed offsets live in ClickHouse, not in Kafka. */
    @WithDefault("tollgate-aggregator")
    String groupId();

    /**
     * Longest time an event waits in memory before its window is written; bounds how stale queries are. 500 ms keeps
     * event-to-visible under a second at p99 (docs/performance.md); longer intervals write fewer, larger parts.
     */
    @WithDefault("500ms")
    Duration flushInterval();

    /** Window rows held in memory before a write is forced; one write is one ClickHouse part. */
    @WithDefault("100000")
    int maxBufferedRows();

    /** How often meter definitions are re-read from PostgreSQL. */
    @WithDefault("5s")
    Duration meterRefreshInterval();

    /** How often open meter backfills are looked for and resumed. */
    @WithDefault("2s")
    Duration backfillInterval();

    /**
     * Most raw events a backfill folds into one write (it never splits an hour of event time): bounds its memory and
     * the size of what a crash makes it fold again.
     */
    @WithDefault("100000")
    long backfillChunkEvents();

    /** How often the aggregator's lag behind the ingest topic is measured for metrics. */
    @WithDefault("10s")
    Duration lagInterval();
}
