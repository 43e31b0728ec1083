package dev.tollgate.meters.aggregator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.api.IngestTopic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps every record of the ingest topic in the raw event store (for audit, the event browser and backfills), in its
 * own consumer group and in larger batches than the aggregator's, so that writing raw events is never on the path to
 * visible usage. Each record is kept once (see {@link TopicFolder}): it is written under its Kafka position, so a batch
 * written again after a crash replaces itself, and only once the aggregator has committed it, with the aggregator's
 * decision on whether it repeats an event already counted.
 */
@ApplicationScoped
public class EventArchiver {

    private final TopicFolder folder;

    EventArchiver(MeterLookup meters, EventArchive archive, WindowStore aggregator, AggregatorLagMonitor aggregatorLag,
            ArchiveConfig config, IngestTopic ingest, ObjectMapper json, Clock clock, MeterRegistry registry) {
        this.folder = TopicFolder.archiving(new TopicFolder.Settings("archive", ingest.name(), ingest.lateness(),
                config.flushInterval(), Integer.MAX_VALUE, config.maxBufferedBytes().asLongValue()), meters,
                archive, aggregator, priority(aggregatorLag, config, registry), json, clock, registry);
    }

    private static AggregatorPriority priority(AggregatorLagMonitor aggregatorLag, ArchiveConfig config,
            MeterRegistry registry) {
        Counter holds = Counter.builder("tollgate.archive.holds")
                .description("Archive batches held while the aggregator was far behind (meters first)")
                .register(registry);
        return new AggregatorPriority(aggregatorLag::measure, config.yieldAboveAggregatorLag(), config.maxYield(),
                System::nanoTime, holds::increment);
    }

    TopicFolder folder() {
        return folder;
    }

    void onStop(@Observes ShutdownEvent event) {
        folder.stop();
    }

    @Incoming("events-archive")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        folder.consume(records);
    }
}
