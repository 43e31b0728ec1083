package dev.tollgate.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.domain.CloudEventValidator;
import dev.tollgate.ingest.stream.IngestedEvent;
import dev.tollgate.shared.problem.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.TimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Accepts CloudEvents: validates the whole batch first, then publishes it and answers only once Kafka has acknowledged
 * every event.
 */
@ApplicationScoped
public class IngestService {

    private final EventPublisher publisher;
    private final IngestConfig config;
    private final Clock clock;
    private final Counter ingested;

    IngestService(EventPublisher publisher, IngestConfig config, Clock clock, MeterRegistry registry) {
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.ingested = Counter.builder("tollgate.events.ingested")
                .description("CloudEvents acknowledged by Kafka").register(registry);
    }

    public Uni<Void> ingest(String namespace, List<JsonNode> events, boolean batch) {
        if (events.isEmpty()) {
            throw ApiException.badRequest("the batch holds no events");
        }
        if (events.size() > config.maxBatchSize()) {
            throw new ApiException(413, "the batch holds " + events.size() + " events; the limit is "
                    + config.maxBatchSize() + " (tollgate.ingest.max-batch-size)");
        }
        Instant now = clock.instant();
        List<ObjectNode> valid = CloudEventValidator.validate(events, batch, now);
        List<IngestedEvent> accepted = valid.stream().map(e -> new IngestedEvent(namespace, now, e)).toList();
        Duration timeout = config.publishTimeout();
        return publisher.publish(accepted)
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(e -> e instanceof ApiException ? e : unavailable(e, timeout))
                .invoke(() -> ingested.increment(accepted.size()));
    }

    private static ApiException unavailable(Throwable cause, Duration timeout) {
        String why = cause instanceof TimeoutException
                ? "Kafka did not acknowledge the events within " + timeout.toSeconds() + " s"
                : "Kafka refused the events";
        return ApiException.unavailable(why + "; the request was not accepted, retry it later", Duration.ofSeconds(5));
    }
}
