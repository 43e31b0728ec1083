package dev.tollgate.meters.backfill;

import dev.tollgate.ingest.kafka.KafkaAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.TopicDescription;

/** The partitions of a Kafka topic, as the broker knows them now. */
@ApplicationScoped
public class TopicPartitions {

    private final KafkaAdmin admin;

    TopicPartitions(KafkaAdmin admin) {
        this.admin = admin;
    }

    public Set<Integer> of(String topic, Duration timeout) {
        try {
            TopicDescription description = admin.client().describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Set<Integer> partitions = new TreeSet<>();
            description.partitions().forEach(p -> partitions.add(p.partition()));
            return partitions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
