package dev.tollgate.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.domain.ReceivedEvent;
import dev.tollgate.shared.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Backpressure: what ingest does when Kafka does not keep up. */
class IngestServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    /** A publisher whose acknowledgements the test releases by hand, like a Kafka that is slow or gone. */
    private final List<CompletableFuture<Void>> unacknowledged = new ArrayList<>();
    private final EventPublisher slowKafka = events -> {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        unacknowledged.add(ack);
        return ack;
    };

    @Test
    void refusesAtOnceWhenTooManyEventsAwaitKafka() {
        IngestService ingest = service(config(Duration.ofSeconds(10), 150));
        ingest.ingest("default", events(100), true).subscribeAsCompletionStage();

        ApiException refused = catchThrowableOfType(() -> ingest.ingest("default", events(100), true),
                ApiException.class);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(refused.getMessage()).contains("tollgate.ingest.max-in-flight-events");
        assertThat(unacknowledged).hasSize(1);
    }

    @Test
    void acceptsAgainOnceKafkaCatchesUp() {
        IngestService ingest = service(config(Duration.ofSeconds(10), 150));
        CompletableFuture<Void> first = ingest.ingest("default", events(100), true).subscribeAsCompletionStage();
        unacknowledged.get(0).complete(null);

        assertThat(first).isCompleted();
        ingest.ingest("default", events(100), true).subscribeAsCompletionStage();
        assertThat(unacknowledged).hasSize(2);
    }

    @Test
    void answers503WhenKafkaDoesNotAcknowledgeInTime() {
        IngestService ingest = service(config(Duration.ofMillis(50), 1_000));
        CompletableFuture<Void> answer = ingest.ingest("default", events(1), false).subscribeAsCompletionStage();

        ApiException e = catchThrowableOfType(answer::join, java.util.concurrent.CompletionException.class)
                .getCause() instanceof ApiException api ? api : null;

        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).contains("did not acknowledge");
    }

    @Test
    void anEventLeftAsSentGoesToKafkaAsItsOwnBytesAndANormalisedOneIsWrittenAgain() throws Exception {
        List<dev.tollgate.ingest.api.IngestedEvent> published = new ArrayList<>();
        IngestService ingest = new IngestService(events -> {
            published.addAll(events);
            return CompletableFuture.completedFuture(null);
        }, config(Duration.ofSeconds(10), 1_000), CLOCK, new SimpleMeterRegistry());
        String asSent = "{ \"specversion\":\"1.0\", \"id\":\"a\",\"source\":\"t\",\"type\":\"x\",\"subject\":\"s\","
                + "\"time\":\"2026-11-21T11:59:00Z\", \"data\":{\"n\":1.50} }";
        String offset = asSent.replace("\"a\"", "\"b\"").replace("11:59:00Z", "12:59:00+01:00");

        ingest.ingest("default", List.of(received(asSent), received(offset)), true).await().indefinitely();

        dev.tollgate.ingest.api.IngestTopicCodec codec = new dev.tollgate.ingest.api.IngestTopicCodec(JSON);
        assertThat(new String(codec.encode("t", published.get(0)).value(), StandardCharsets.UTF_8)).isEqualTo(asSent);
        assertThat(JSON.readTree(codec.encode("t", published.get(1)).value()).get("time").asText())
                .isEqualTo("2026-11-21T11:59:00Z");
    }

    private static ReceivedEvent received(String json) throws Exception {
        return new ReceivedEvent(JSON.readTree(json), json.getBytes(StandardCharsets.UTF_8));
    }

    private IngestService service(IngestConfig config) {
        return new IngestService(slowKafka, config, CLOCK, new SimpleMeterRegistry());
    }

    private static List<ReceivedEvent> events(int count) {
        List<ReceivedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(ReceivedEvent.parsedOnly(JSON.createObjectNode().put("specversion", "1.0").put("id", "e" + i)
                    .put("source", "t").put("type", "api-request").put("subject", "s")
                    .put("time", "2026-11-21T11:59:00Z")));
        }
        return events;
    }

    private static IngestConfig config(Duration publishTimeout, int maxInFlight) {
        return new IngestConfig() {
            public String topic() {
                return "t";
            }

            public int topicPartitions() {
                return 1;
            }

            public short topicReplicationFactor() {
                return 1;
            }

            public Duration publishTimeout() {
                return publishTimeout;
            }

            public int maxBatchSize() {
                return 10_000;
            }

            public MemorySize maxBodySize() {
                return new MemorySize(BigInteger.valueOf(8 << 20));
            }

            public Duration maxFuture() {
                return Duration.ofHours(1);
            }

            public Duration lateness() {
                return Duration.ofDays(32);
            }

            public int maxInFlightEvents() {
                return maxInFlight;
            }
        };
    }

}
