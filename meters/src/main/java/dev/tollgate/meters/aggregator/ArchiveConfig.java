package dev.tollgate.meters.aggregator;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The archiver: the consumer group that keeps raw events for audit, the event browser and backfills. */
@ConfigMapping(prefix = "tollgate.archive")
public interface ArchiveConfig {

    /** Kafka consumer group of the archivers; like the aggregator's, its positions live in ClickHouse. */
    @WithDefault("tollgate-archiver")
    String groupId();

    /**
     * Longest time a record waits in memory before it is archived: how far the event browser may lag behind meters
     * under light load. Longer intervals write fewer, larger parts.
     */
    @WithDefault("2s")
    Duration flushInterval();

    /**
     * Raw event bytes held in memory before a write is forced. Two batches can be in memory at once (one read, one
     * being written), so this bounds the archiver's heap whatever the backlog. 8 MB, not 32: with 32 the batches
     * outlived young collections under a backlog and filled a 512 MB heap's old generation (docs/performance.md).
     */
    @WithDefault("8M")
    MemorySize maxBufferedBytes();

    /**
     * Meters come first under a burst: while the aggregator is more than this many events behind the ingest topic, the
     * archiver holds each write (for at most {@link #maxYield()}), leaving the cores to the aggregator. Under load the
     * machine keeps up with, the aggregator stays well below it. 0 turns this off.
     */
    @WithDefault("100000")
    long yieldAboveAggregatorLag();

    /** Longest the archiver holds one batch for the aggregator; bounds how far the archive falls behind in a burst. */
    @WithDefault("20s")
    Duration maxYield();

    /** How often the archive's lag behind the ingest topic is measured, for metrics and the event browser. */
    @WithDefault("2s")
    Duration lagInterval();
}
