package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.api.IngestTopicCodec;
import dev.tollgate.ingest.api.IngestedEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kills the aggregator with SIGKILL twice in the middle of a stream that also carries retried (duplicate) events, and
 * checks that, once it has caught up, every event is counted exactly once: none lost with the unwritten windows, none
 * counted again from re-read offsets, no duplicate counted across batches and restarts.
 */
class CrashRecoveryIT {

    static final int EVENTS = 60_000;
    private static final int EVENTS_PER_SECOND = 2_500;
    /** Partitions of the topic the app creates (tollgate.ingest.topic-partitions, default 3). */
    static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countsStayExactAcrossKilledAggregators() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = "crash-" + run;
        Map<String, String> settings = Map.of(
                "tollgate.ingest.topic", "it-crash-" + run,
                "tollgate.aggregator.group-id", "it-crash-" + run,
                "tollgate.aggregator.flush-interval", "100ms",
                "mp.messaging.incoming.events-in.max.poll.records", "500",
                // The killed instance's partitions are handed over once its session expires; keep that short.
                "mp.messaging.incoming.events-in.session.timeout.ms", "6000",
                "mp.messaging.incoming.events-in.heartbeat.interval.ms", "2000");
        Path log = Files.createTempFile("tollgate-crash-it-", ".log");
        int port = freePort();

        CompletableFuture<Void> stream;
        BigDecimal atFirstKill;
        // try-with-resources: a failed assertion must not leave the app running into the next test.
        try (AppProcess first = new AppProcess(port, settings, log).start()) {
            // Dated by the app's clock: the events span the two hours that ended an hour ago.
            Instant appNow = first.now();
            Duration skew = Duration.between(Instant.now(), appNow);
            Instant base = appNow.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
            stream = CompletableFuture.runAsync(() -> produce("it-crash-" + run, subject, base, skew));
            atFirstKill = awaitCountAbove(first, subject, BigDecimal.valueOf(2_000));
            first.kill();
        }
        assertThat(atFirstKill).isLessThan(BigDecimal.valueOf(EVENTS));

        try (AppProcess second = new AppProcess(port, settings, log).start()) {
            BigDecimal atSecondKill = awaitCountAbove(second, subject, atFirstKill.add(BigDecimal.valueOf(1_000)));
            second.kill();
            assertThat(atSecondKill).isLessThan(BigDecimal.valueOf(EVENTS));
        }

        stream.get();
        try (AppProcess third = new AppProcess(port, settings, log).start()) {
            // Sentinels on every partition, seen counted: every event before them is counted, and no late double.
            third.awaitAggregator(PARTITIONS);
            assertThat(count(third, subject)).isEqualByComparingTo(BigDecimal.valueOf(EVENTS));
        }
    }

    /** Writes the stream straight to the ingest topic at a steady pace, each send acknowledged. */
    static void produce(String topic, String subject, Instant base, Duration skew) {
        produce(topic, subject, base, skew, 0, EVENTS, EVENTS_PER_SECOND);
    }

    /** Events {@code from} (inclusive) to {@code to} of the stream, and a retry of every tenth. */
    static void produce(String topic, String subject, Instant base, Duration skew, int from, int to,
            int eventsPerSecond) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AppProcess.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        IngestTopicCodec codec = new IngestTopicCodec(JSON);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(codec.encode(topic, new IngestedEvent("default", Instant.now().plus(skew),
                        event(subject, i, base))));
                if (i % 10 == 9) {
                    // A retry of an event sent a few records earlier: must not count again.
                    producer.send(codec.encode(topic, new IngestedEvent("default", Instant.now().plus(skew),
                            event(subject, i - 4, base))));
                }
                if (i % 500 == 0) {
                    long due = started + (long) (i - from) * 1_000_000_000L / eventsPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode event(String subject, int i, Instant base) {
        ObjectNode event = JSON.createObjectNode()
                .put("specversion", "1.0").put("id", subject + "-" + i).put("source", "crash-it")
                .put("type", "api-request").put("subject", subject)
                .put("time", base.plusSeconds(i % 7200).toString());
        event.putObject("data").put("route", "/r" + (i % 3)).put("method", "GET").put("status", 200);
        return event;
    }

    static BigDecimal awaitCountAbove(AppProcess app, String subject, BigDecimal floor) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> count(app, subject), c -> c.compareTo(floor) > 0);
    }

    static BigDecimal count(AppProcess app, String subject) throws IOException, InterruptedException {
        String body = app.getBody("/api/v1/meters/api_requests/query?subject=" + subject);
        var data = JSON.readTree(body).path("data");
        return data.isEmpty() ? BigDecimal.ZERO : data.get(0).get("value").decimalValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
