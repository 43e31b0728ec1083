package dev.tollgate.ingest.kafka;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.api.DeadLetters;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates the ingest and dead-letter topics at start-up when missing, so a fresh broker needs no manual set-up. */
@ApplicationScoped
public class IngestTopicInitializer {

    private static final Logger LOG = Logger.getLogger(IngestTopicInitializer.class);
    private static final Duration WAIT_FOR_BROKER = Duration.ofSeconds(60);

    private final KafkaAdmin admin;
    private final IngestConfig config;

    IngestTopicInitializer(KafkaAdmin admin, IngestConfig config) {
        this.admin = admin;
        this.config = config;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_FOR_BROKER.toNanos();
        while (true) {
            try {
                ensureTopic();
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not answer within " + WAIT_FOR_BROKER.toSeconds()
                            + " s; cannot create topic " + config.topic(), e);
                }
                LOG.infof("waiting for Kafka: %s", e.getMessage());
                Thread.sleep(1_000);
            }
        }
    }

    private void ensureTopic() throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Set<String> topics = admin.client().listTopics().names().get(5, TimeUnit.SECONDS);
        for (String name : List.of(config.topic(), DeadLetters.topicFor(config.topic()))) {
            if (!topics.contains(name)) {
                create(new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor()));
            }
        }
    }

    private void create(NewTopic topic) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        try {
            admin.client().createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            LOG.infof("created topic %s with %d partitions", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
