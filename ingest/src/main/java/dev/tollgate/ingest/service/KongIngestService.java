package dev.tollgate.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.ingest.domain.CloudEventValidator;
import dev.tollgate.ingest.kong.KongBatch;
import dev.tollgate.ingest.kong.KongLogMapper;
import dev.tollgate.ingest.kong.KongMapping;
import dev.tollgate.shared.problem.ValidationError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ingests Kong http-log bodies. Kong retries a refused batch whole and then drops it, so a record that cannot be
 * metered (too old, too far ahead, a token count that is not a count, not a Kong record at all) is set aside: kept
 * with its reason in the event store, never metered, while the batch's good records are ingested.
 */
@ApplicationScoped
public class KongIngestService {

    /** What became of a body: how many records and events, and what was set aside. */
    public record Outcome(int records, int events, List<KongBatch.SetAside> setAside) {

        public long recordsSetAside() {
            return setAside.stream().mapToInt(KongBatch.SetAside::record).distinct().count();
        }
    }

    private final IngestService ingest;
    private final KongMapping mapping;
    private final Clock clock;
    private final CloudEventValidator.TimeBounds bounds;
    private final Counter setAsideCounter;

    KongIngestService(IngestService ingest, KongMapping mapping, IngestConfig config, Clock clock,
            MeterRegistry registry) {
        this.ingest = ingest;
        this.mapping = mapping;
        this.clock = clock;
        this.bounds = new CloudEventValidator.TimeBounds(config.maxFuture(), config.lateness());
        this.setAsideCounter = Counter.builder("tollgate.ingest.set.aside")
                .description("Gateway events accepted but set aside, not metered, with their reason")
                .register(registry);
    }

    /** @throws dev.tollgate.ingest.kong.KongRecordException when the body is neither a record nor an array */
    public Uni<Outcome> ingest(String namespace, JsonNode body) {
        KongBatch batch = KongLogMapper.mapBatch(body, mapping.config());
        Instant now = clock.instant();
        List<KongBatch.SetAside> setAside = new ArrayList<>(batch.setAside());
        List<IngestedEvent> publish = new ArrayList<>();
        int metered = 0;
        for (KongBatch.Event mapped : batch.events()) {
            List<ValidationError> problems = CloudEventValidator.problems(mapped.event(), now, bounds);
            if (problems.isEmpty()) {
                publish.add(new IngestedEvent(namespace, now, mapped.event()));
                metered++;
            } else {
                setAside.add(new KongBatch.SetAside(mapped.record(), mapped.event(),
                        problems.stream().map(ValidationError::message).collect(Collectors.joining("; "))));
            }
        }
        setAside.sort(java.util.Comparator.comparingInt(KongBatch.SetAside::record));
        setAside.forEach(s -> publish.add(IngestedEvent.setAside(namespace, now, s.content(), s.reason())));
        int records = body.isArray() ? body.size() : 1;
        Outcome outcome = new Outcome(records, metered, List.copyOf(setAside));
        if (publish.isEmpty()) {
            return Uni.createFrom().item(outcome);
        }
        return ingest.publish(publish).invoke(() -> setAsideCounter.increment(setAside.size()))
                .replaceWith(outcome);
    }
}
