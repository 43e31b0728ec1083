package dev.tollgate.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.api.IngestTopicCodec;
import dev.tollgate.ingest.api.IngestedEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kills the app with SIGKILL while it backfills a new meter from the raw event store, and checks that the restarted app
 * finishes the backfill with every event counted exactly once: chunks written before the kill are not written again,
 * and none is skipped.
 */
class BackfillCrashIT {

    private static final int EVENTS = 30_000;
    private static final int HOURS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backfillFinishesExactlyAfterAKill() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String type = "backfill-crash-" + run;
        String subject = "backfill-crash-" + run;
        Map<String, String> settings = Map.of(
                "tollgate.ingest.topic", "it-backfill-" + run,
                "tollgate.aggregator.group-id", "it-backfill-" + run,
                "tollgate.aggregator.flush-interval", "200ms",
                "tollgate.aggregator.meter-refresh-interval", "1s",
                "tollgate.aggregator.backfill-interval", "1s",
                // Many small chunks, so that the kill lands in the middle of the backfill.
                "tollgate.aggregator.backfill-chunk-events", "100",
                "mp.messaging.incoming.events-in.session.timeout.ms", "6000",
                "mp.messaging.incoming.events-in.heartbeat.interval.ms", "2000");
        Path log = Files.createTempFile("tollgate-backfill-it-", ".log");
        int port = CrashRecoveryIT.freePort();
        long expected;
        String slug = "it_backfill_" + run;
        try (AppProcess first = new AppProcess(port, settings, log).start()) {
            // Dated by the app's clock: 300 hours that ended a day ago, inside the 32-day lateness window.
            Instant appNow = first.now();
            Instant base = appNow.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS + 24));
            expected = produce("it-backfill-" + run, type, subject, base, Duration.between(Instant.now(), appNow));
            historyThenKillMidBackfill(first, type, subject, slug, base);
        }

        try (AppProcess second = new AppProcess(port, settings, log).start()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> backfill(second, slug).path("status").asText(), "DONE"::equals);
            assertThat(total(second, slug)).isEqualByComparingTo(BigDecimal.valueOf(expected));
        }
    }

    private static void historyThenKillMidBackfill(AppProcess first, String type, String subject, String slug,
            Instant base) throws Exception {
        // The events reach the raw store before the meter exists: they are history to backfill. (Any still unfolded
        // when the meter appears are folded live, which must count exactly once too.)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> stored(first, type, subject + "-" + (EVENTS - 1), base) == 1);
        assertThat(first.postJson("/api/v1/meters", "{\"slug\":\"" + slug + "\",\"aggregation\":\"SUM\","
                + "\"eventType\":\"" + type + "\",\"valueProperty\":\"$.tokens\"}")).isEqualTo(201);

        JsonNode midway = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> backfill(first, slug), b -> b.path("hoursDone").asInt() > HOURS / 10);
        first.kill();
        assertThat(midway.path("hoursDone").asInt()).isLessThan(HOURS);
    }

    /** Writes the events straight to the ingest topic, spread over {@link #HOURS} hours; returns their total. */
    private static long produce(String topic, String type, String subject, Instant base, Duration skew) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AppProcess.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        IngestTopicCodec codec = new IngestTopicCodec(JSON);
        long total = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                int tokens = i % 10 + 1;
                total += tokens;
                ObjectNode event = JSON.createObjectNode()
                        .put("specversion", "1.0").put("id", subject + "-" + i).put("source", "backfill-it")
                        .put("type", type).put("subject", subject + "-" + (i % 7))
                        .put("time", base.plusSeconds((long) i * HOURS * 3600 / EVENTS).toString());
                event.putObject("data").put("tokens", tokens);
                producer.send(codec.encode(topic, new IngestedEvent("default", Instant.now().plus(skew), event)));
            }
            producer.flush();
        }
        return total;
    }

    private static int stored(AppProcess app, String type, String id, Instant base)
            throws IOException, InterruptedException {
        return JSON.readTree(app.getBody("/api/v1/events?from=" + base.minus(Duration.ofDays(1)) + "&type=" + type
                + "&id=" + id)).size();
    }

    private static JsonNode backfill(AppProcess app, String slug) throws IOException, InterruptedException {
        return JSON.readTree(app.getBody("/api/v1/meters/" + slug + "/backfill"));
    }

    private static BigDecimal total(AppProcess app, String slug) throws IOException, InterruptedException {
        JsonNode data = JSON.readTree(app.getBody("/api/v1/meters/" + slug + "/query")).path("data");
        return data.isEmpty() ? BigDecimal.ZERO : data.get(0).get("value").decimalValue();
    }
}
