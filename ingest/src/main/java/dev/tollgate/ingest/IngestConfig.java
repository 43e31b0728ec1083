package dev.tollgate.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "tollgate.ingest")
public interface IngestConfig {

    /** The Kafka topic that every accepted event lands on. */
    @WithDefault("tollgate.events")
    String topic();

    /** Partitions of the ingest topic when Tollgate creates it; the aggregator scales out to this many consumers. */
    @WithDefault("3")
    int topicPartitions();

    @WithDefault("1")
    short topicReplicationFactor();

    /** How long a request waits for Kafka to acknowledge its events before it answers 503. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Events in one request, at most (413 beyond). */
    @WithDefault("10000")
    int maxBatchSize();

    /** Request body size after decompression, at most (413 beyond). */
    @WithDefault("8M")
    MemorySize maxBodySize();

    /** How far ahead of the server's clock an event's time may be (clock skew), at most (400 beyond). */
    @WithDefault("1h")
    Duration maxFuture();

    /**
     * How old an event may be when it arrives (400 beyond). Late events within it land in their windows; it matches
     * the deduplication window, so no event is accepted that deduplication could no longer recognise.
     */
    @WithDefault("P32D")
    Duration lateness();

    /**
     * Events handed to Kafka but not yet acknowledged, across all requests, at most. Past it requests get 503 at once:
     * memory stays bounded when Kafka is slower than the gateways.
     */
    @WithDefault("200000")
    int maxInFlightEvents();
}
