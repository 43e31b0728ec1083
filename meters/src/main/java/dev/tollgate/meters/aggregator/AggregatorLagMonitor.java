package dev.tollgate.meters.aggregator;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.kafka.KafkaAdmin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Measures how many ingested events are not yet in stored windows: the topic's end offsets minus the offsets stored
 * with the windows. That is the lag that matters for billing, whatever Kafka's consumer-group view says.
 */
@ApplicationScoped
public class AggregatorLagMonitor {

    private static final Logger LOG = Logger.getLogger(AggregatorLagMonitor.class);

    private final KafkaAdmin admin;
    private final WindowStore store;
    private final IngestConfig ingest;
    private final AtomicLong lag = new AtomicLong(-1);

    AggregatorLagMonitor(KafkaAdmin admin, WindowStore store, IngestConfig ingest, MeterRegistry registry) {
        this.admin = admin;
        this.store = store;
        this.ingest = ingest;
        Gauge.builder("tollgate.aggregator.lag", lag, AtomicLong::get)
                .description("Ingested events not yet written to meter windows (-1 until first measured)")
                .baseUnit("events").register(registry);
    }

    public long measure() throws Exception {
        var description = admin.client().describeTopics(java.util.List.of(ingest.topic())).allTopicNames()
                .get(5, TimeUnit.SECONDS).get(ingest.topic());
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(ingest.topic(), p.partition()),
                        p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.client().listOffsets(latest).all()
                .get(5, TimeUnit.SECONDS);
        Map<Integer, Long> stored = store.committedOffsets();
        long total = 0;
        for (var end : ends.entrySet()) {
            total += Math.max(0, end.getValue().offset() - stored.getOrDefault(end.getKey().partition(), 0L));
        }
        lag.set(total);
        return total;
    }

    @Scheduled(every = "${tollgate.aggregator.lag-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void measureQuietly() {
        try {
            measure();
        } catch (Exception e) {
            LOG.debugf("could not measure aggregator lag: %s", e.getMessage());
        }
    }
}
