package dev.tollgate.ingest.kafka;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.api.IngestTopic;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/** The ingest topic as Kafka's admin client sees it. */
@ApplicationScoped
class KafkaIngestTopic implements IngestTopic {

    private final KafkaAdmin admin;
    private final IngestConfig config;

    KafkaIngestTopic(KafkaAdmin admin, IngestConfig config) {
        this.admin = admin;
        this.config = config;
    }

    @Override
    public String name() {
        return config.topic();
    }

    @Override
    public Duration lateness() {
        return config.lateness();
    }

    @Override
    public Set<Integer> partitions(Duration timeout) {
        TopicDescription description = await(admin.client().describeTopics(List.of(name())).allTopicNames(), timeout)
                .get(name());
        Set<Integer> partitions = new TreeSet<>();
        description.partitions().forEach(p -> partitions.add(p.partition()));
        return partitions;
    }

    @Override
    public Map<Integer, Long> endOffsets(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetSpec> latest = partitions(timeout).stream()
                .collect(Collectors.toMap(p -> new TopicPartition(name(), p), p -> OffsetSpec.latest()));
        var ends = await(admin.client().listOffsets(latest).all(),
                Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        Map<Integer, Long> offsets = new TreeMap<>();
        ends.forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
        return offsets;
    }

    private <T> T await(KafkaFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka about topic " + name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + name() + ": " + e.getMessage(), e);
        }
    }
}
