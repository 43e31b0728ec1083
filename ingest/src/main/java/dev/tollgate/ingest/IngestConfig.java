package dev.tollgate.ingest;

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

    /** Events in one request, at most. */
    @WithDefault("10000")
    int maxBatchSize();
}
