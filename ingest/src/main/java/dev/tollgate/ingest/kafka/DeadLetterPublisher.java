package dev.tollgate.ingest.kafka;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.api.DeadLetters;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Parks records of the ingest topic that cannot be processed on the dead-letter topic ({@code <topic>.dlq}), with the
 * reason and the original position in headers, so that nothing is dropped silently and the pipeline never stops.
 */
@ApplicationScoped
public class DeadLetterPublisher implements DeadLetters {

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterPublisher(KafkaSettings kafka, IngestConfig ingest) {
        this.topic = DeadLetters.topicFor(ingest.topic());
        this.producer = new KafkaProducer<>(KafkaEventPublisher.producerProperties(kafka), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @Override
    public void park(ConsumerRecord<?, byte[]> record, byte[] key, String reason) throws Exception {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topic, key, record.value());
        record.headers().forEach(dead.headers()::add);
        dead.headers().add(new RecordHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
        String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
        dead.headers().add(new RecordHeader(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8)));
        producer.send(dead).get(30, TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
