package dev.tollgate.ingest.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.service.EventPublisher;
import dev.tollgate.ingest.api.IngestTopicCodec;
import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.shared.roles.Role;
import dev.tollgate.shared.roles.Roles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes to the ingest topic with an idempotent, acks=all producer and completes only when every record of the
 * request is acknowledged, so a 2xx means the events are durable in Kafka.
 */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(KafkaEventPublisher.class);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final IngestTopicCodec codec;
    private final String topic;

    private final KafkaClientMetrics metrics;

    KafkaEventPublisher(KafkaSettings kafka, IngestConfig ingest, ObjectMapper json, MeterRegistry registry) {
        this.codec = new IngestTopicCodec(json);
        this.topic = ingest.topic();
        this.producer = new KafkaProducer<>(producerProperties(kafka), new StringSerializer(),
                new ByteArraySerializer());
        // The producer's own figures (kafka_producer_*: send rate, request latency, time waiting for buffer space),
        // as the connector exports its consumers'.
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
    }

    static Map<String, Object> producerProperties(KafkaSettings kafka) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // 1 ms, not 5: under load, batches fill while earlier ones are in flight, so a longer linger only adds latency
        // (single-event POSTs went from 6.2k to 11-13k req/s in docs/performance.md's sweep).
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        // snappy, not lz4: Kafka's lz4 allocates two 64 KB buffers per batch, snappy-java pools its own. Fewer young
        // collections under single-event POSTs, and more events per second (docs/performance.md, "snappy").
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "tollgate-ingest");
        props.putAll(kafka.producer());
        return props;
    }

    /**
     * Fetches the topic's partitions before the first request (after the topic is created, priority 20). Otherwise the
     * first send fetches them: 250 ms on an idle machine, and a send waits at most {@code tollgate.kafka.max-block}
     * (500 ms) before the request answers 503, which a busy start can exceed.
     */
    void fetchMetadata(@Observes @Priority(30) StartupEvent event, Roles roles) throws InterruptedException {
        if (!roles.runs(Role.INGEST)) {
            return;
        }
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (KafkaException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warnf("no metadata for topic %s after %d s; the first requests may wait for it: %s", topic,
                            METADATA_WAIT.toSeconds(), e.getMessage());
                    return;
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public CompletableFuture<Void> publish(List<IngestedEvent> events) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(events.size());
        try {
            for (IngestedEvent event : events) {
                producer.send(codec.encode(topic, event), (metadata, error) -> {
                    if (error != null) {
                        acked.completeExceptionally(error);
                    } else if (pending.decrementAndGet() == 0) {
                        acked.complete(null);
                    }
                });
            }
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @PreDestroy
    void close() {
        metrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}
