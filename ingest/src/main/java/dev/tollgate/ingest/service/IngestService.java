package dev.tollgate.ingest.service;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.domain.CloudEventValidator;
import dev.tollgate.ingest.domain.ReceivedEvent;
import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.shared.problem.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts CloudEvents: validates the whole batch first, then publishes it and answers only once Kafka has acknowledged
 * every event.
 */
// Made at start-up, so that its metrics are exported (at zero) before the first event arrives.
@Startup
@ApplicationScoped
public class IngestService {

    private final EventPublisher publisher;
    private final IngestConfig config;
    private final Clock clock;
    private final Counter ingested;
    private final Counter overloaded;
    private final CloudEventValidator.TimeBounds bounds;
    /** Events published but not yet acknowledged or failed; bounds memory when Kafka falls behind. */
    private final AtomicLong inFlight = new AtomicLong();

    IngestService(EventPublisher publisher, IngestConfig config, Clock clock, MeterRegistry registry) {
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.ingested = Counter.builder("tollgate.events.ingested")
                .description("CloudEvents acknowledged by Kafka").register(registry);
        this.overloaded = Counter.builder("tollgate.ingest.rejected")
                .description("Requests refused because too many events awaited Kafka").tag("reason", "overloaded")
                .register(registry);
        this.bounds = new CloudEventValidator.TimeBounds(config.maxFuture(), config.lateness());
        Gauge.builder("tollgate.ingest.in.flight", inFlight, AtomicLong::get)
                .description("Events handed to Kafka and not yet acknowledged").register(registry);
    }

    public Uni<Void> ingest(String namespace, List<ReceivedEvent> events, boolean batch) {
        return Uni.createFrom().completionStage(accept(namespace, events, batch));
    }

    /**
     * Validates and publishes the events, as {@link #ingest}, with a plain future for the Vert.x route: it completes
     * when Kafka has acknowledged every event, or fails with the 503 to answer.
     *
     * @throws ApiException at once, for a request that cannot be accepted as it is
     */
    public CompletableFuture<Void> accept(String namespace, List<ReceivedEvent> events, boolean batch) {
        if (events.isEmpty()) {
            throw ApiException.badRequest("the batch holds no events");
        }
        if (events.size() > config.maxBatchSize()) {
            throw new ApiException(413, "the batch holds " + events.size() + " events; the limit is "
                    + config.maxBatchSize() + " (tollgate.ingest.max-batch-size)");
        }
        Instant now = clock.instant();
        List<CloudEventValidator.Valid> valid = CloudEventValidator.validate(
                events.stream().map(ReceivedEvent::json).toList(), batch, now, bounds);
        List<IngestedEvent> accepted = new ArrayList<>(valid.size());
        for (int i = 0; i < valid.size(); i++) {
            // Every event passed (a batch is refused whole otherwise), so valid.get(i) is events.get(i).
            CloudEventValidator.Valid event = valid.get(i);
            byte[] sent = events.get(i).sent();
            accepted.add(sent != null && !event.normalised()
                    ? IngestedEvent.asSent(namespace, now, event.event(), sent)
                    : new IngestedEvent(namespace, now, event.event()));
        }
        return acknowledged(accepted);
    }

    /** Publishes already validated events, such as those mapped from a gateway's own log format. */
    public Uni<Void> publish(List<IngestedEvent> accepted) {
        return Uni.createFrom().completionStage(acknowledged(accepted));
    }

    private CompletableFuture<Void> acknowledged(List<IngestedEvent> accepted) {
        int size = accepted.size();
        if (inFlight.addAndGet(size) > config.maxInFlightEvents()) {
            inFlight.addAndGet(-size);
            overloaded.increment();
            throw ApiException.unavailable("ingest is overloaded: more than " + config.maxInFlightEvents()
                    + " events await Kafka's acknowledgement (tollgate.ingest.max-in-flight-events); retry later",
                    Duration.ofSeconds(1));
        }
        // Track the events until Kafka answers for them, whether or not the client is still waiting.
        CompletableFuture<Void> acknowledged = publisher.publish(accepted);
        acknowledged.whenComplete((ok, error) -> {
            inFlight.addAndGet(-size);
            if (error == null) {
                ingested.increment(size);
            }
        });
        Duration timeout = config.publishTimeout();
        // The timeout runs on a copy: it answers the client, while the in-flight count above waits for Kafka's own
        // answer, since events that outlive the timeout are still in the producer's buffer.
        CompletableFuture<Void> answer = new CompletableFuture<>();
        acknowledged.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error == null) {
                answer.complete(null);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                answer.completeExceptionally(cause instanceof ApiException ? cause : unavailable(cause, timeout));
            }
        });
        return answer;
    }

    private static ApiException unavailable(Throwable cause, Duration timeout) {
        String why = cause instanceof TimeoutException
                ? "Kafka did not acknowledge the events within " + timeout.toSeconds() + " s"
                : "Kafka refused the events";
        return ApiException.unavailable(why + "; the request was not accepted, retry it later", Duration.ofSeconds(5));
    }
}
