package dev.tollgate.ingest.service;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.api.EventFilter;
import dev.tollgate.ingest.api.RawEventStore;
import dev.tollgate.ingest.api.StoredEvent;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The event browser: OpenMeter's {@code GET /api/v1/events} over the raw event store. */
@ApplicationScoped
public class EventBrowserService {

    public static final int MAX_LIMIT = 100;

    /** Raw query parameters, before validation. */
    public record Request(String from, String to, String ingestedAtFrom, String ingestedAtTo, String id,
            String subject, String type, String limit) {
    }

    private final RawEventStore store;
    private final IngestConfig config;
    private final Clock clock;

    EventBrowserService(RawEventStore store, IngestConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    public List<StoredEvent> list(String namespace, Request request) {
        Instant from = Rfc3339.parameter("from", request.from());
        Instant to = Rfc3339.parameter("to", request.to());
        if (from == null) {
            // As OpenMeter: without a lower bound, look back as far as events are accepted.
            from = clock.instant().minus(config.lateness());
        }
        if (to != null && !from.isBefore(to)) {
            throw ApiException.invalid("from", "range", "must be before to");
        }
        int limit = limit(request.limit());
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "range", "must be between 1 and " + MAX_LIMIT);
        }
        return store.list(new EventFilter(namespace, from, to,
                Rfc3339.parameter("ingestedAtFrom", request.ingestedAtFrom()),
                Rfc3339.parameter("ingestedAtTo", request.ingestedAtTo()), blankToNull(request.id()),
                blankToNull(request.subject()), blankToNull(request.type()), limit));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return MAX_LIMIT;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("limit", "format", "must be a whole number between 1 and " + MAX_LIMIT);
        }
    }
}
