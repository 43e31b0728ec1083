package dev.tollgate.meters.aggregator;

import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Measures how many ingested events are not yet in stored windows: the topic's end offsets minus the offsets stored
 * with the windows. That is the lag that matters for billing, whatever Kafka's consumer-group view says.
 */
@ApplicationScoped
public class AggregatorLagMonitor {

    private static final Logger LOG = Logger.getLogger(AggregatorLagMonitor.class);

    private final IngestTopic topic;
    private final WindowStore store;
    private final AtomicLong lag = new AtomicLong(-1);

    AggregatorLagMonitor(IngestTopic topic, WindowStore store, MeterRegistry registry) {
        this.topic = topic;
        this.store = store;
        Gauge.builder("tollgate.aggregator.lag", lag, AtomicLong::get)
                .description("Ingested events not yet written to meter windows (-1 until first measured)")
                .baseUnit("events").register(registry);
    }

    public long measure() throws Exception {
        Map<Integer, Long> ends = topic.endOffsets(Duration.ofSeconds(5));
        Map<Integer, Long> stored = store.committedOffsets();
        long total = 0;
        for (var end : ends.entrySet()) {
            total += Math.max(0, end.getValue() - stored.getOrDefault(end.getKey(), 0L));
        }
        lag.set(total);
        return total;
    }

    @AwaitedOnShutdown
    @Scheduled(every = "${tollgate.aggregator.lag-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void measureQuietly() {
        try {
            measure();
        } catch (Exception e) {
            LOG.debugf("could not measure aggregator lag: %s", e.getMessage());
        }
    }
}
