package dev.tollgate.app;

import static dev.tollgate.app.TestApi.CLOUDEVENT;
import static dev.tollgate.app.TestApi.admin;
import static dev.tollgate.app.TestApi.apiRequest;
import static dev.tollgate.app.TestApi.uniqueSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tollgate.ingest.api.DeadLetters;
import dev.tollgate.ingest.api.IngestTopicCodec;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A record the aggregator cannot read is parked with its reason, shown in the browser, and the stream goes on. */
@QuarkusTest
class DeadLetterTest {

    @ConfigProperty(name = "tollgate.kafka.bootstrap-servers")
    String bootstrap;

    @ConfigProperty(name = "tollgate.ingest.topic")
    String topic;

    @Test
    void unreadableRecordIsDeadLetteredAndVisibleWhileTheStreamGoesOn() throws Exception {
        String marker = "garbage-" + UUID.randomUUID();
        Instant before = TestTime.now().minusSeconds(1);
        String subject = uniqueSubject();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(topic, "default/" + subject,
                    ("not a cloud event " + marker).getBytes(StandardCharsets.UTF_8));
            garbage.headers().add(new RecordHeader(IngestTopicCodec.NAMESPACE_HEADER,
                    "default".getBytes(StandardCharsets.UTF_8)));
            garbage.headers().add(new RecordHeader(IngestTopicCodec.INGESTED_AT_HEADER,
                    Long.toString(TestTime.now().toEpochMilli()).getBytes(StandardCharsets.UTF_8)));
            producer.send(garbage).get();
        }
        admin().contentType(CLOUDEVENT).body(apiRequest(subject, TestTime.at(-1, "00:00:00"), "/after", 200))
                .post("/api/v1/events").then().statusCode(204);

        IngestAndQueryTest.awaitTotal("api_requests", subject, "1");
        List<Map<String, Object>> shown = await().atMost(Duration.ofSeconds(30))
                .until(() -> admin().get("/api/v1/events?from=" + before.minusSeconds(60) + "&ingestedAtFrom="
                        + before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "&ingestedAtTo="
                        + TestTime.now().plusSeconds(60)).then().statusCode(200)
                        .extract().jsonPath().<Map<String, Object>>getList("$").stream()
                        .filter(e -> String.valueOf(e.get("event")).contains(marker)).toList(), l -> !l.isEmpty());
        assertThat((String) shown.get(0).get("validationError")).contains("not a readable CloudEvent");
        assertThat(deadLetters(marker)).hasSize(1);
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters(String marker) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DeadLetters.topicFor(topic)));
            long deadline = System.currentTimeMillis() + 20_000;
            while (found.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(marker)) {
                        assertThat(r.headers().lastHeader(DeadLetters.REASON_HEADER)).isNotNull();
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
