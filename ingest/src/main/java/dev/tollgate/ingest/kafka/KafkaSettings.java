package dev.tollgate.ingest.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;

/** The Kafka cluster that carries the ingest topic, shared by Tollgate's own producer and admin client. */
@ConfigMapping(prefix = "tollgate.kafka")
public interface KafkaSettings {

    @WithName("bootstrap-servers")
    @WithDefault("127.0.0.1:19092")
    String bootstrapServers();

    /**
     * How long a send may wait for metadata or buffer space. It runs on an I/O thread, so keep it short: a longer
     * outage surfaces as 503 rather than a stalled server.
     */
    @WithDefault("500ms")
    Duration maxBlock();

    /** Extra producer properties (for example compression.type, security settings), passed through as they are. */
    Map<String, String> producer();
}
