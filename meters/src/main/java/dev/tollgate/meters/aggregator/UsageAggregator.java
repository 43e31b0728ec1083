package dev.tollgate.meters.aggregator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.api.DeadLetters;
import dev.tollgate.ingest.api.IngestTopic;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Folds the ingest topic into per-minute meter windows, exactly once (see {@link TopicFolder}), in small batches so
 * that usage shows within a second. It waits only for windows, their offsets and event keys: the raw records are the
 * {@link EventArchiver}'s, in its own consumer group.
 */
@ApplicationScoped
public class UsageAggregator {

    private final TopicFolder folder;

    UsageAggregator(MeterLookup meters, WindowStore store, AggregatorConfig config, IngestTopic ingest,
            DeadLetters deadLetters, ObjectMapper json, Clock clock, MeterRegistry registry) {
        this.folder = TopicFolder.aggregating(new TopicFolder.Settings("aggregator", ingest.name(), ingest.lateness(),
                config.flushInterval(), config.maxBufferedRows(), Long.MAX_VALUE), meters,
                store, deadLetters, json, clock, registry);
    }

    TopicFolder folder() {
        return folder;
    }

    /** One last write on the way down; if it fails, the next owner folds those events again from Kafka. */
    void onStop(@Observes ShutdownEvent event) {
        folder.stop();
    }

    @Incoming("events-in")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        folder.consume(records);
    }
}
