package dev.tollgate.ingest.service;

import dev.tollgate.ingest.IngestConfig;
import dev.tollgate.ingest.api.CustomerSubjects;
import dev.tollgate.ingest.api.EventFilter;
import dev.tollgate.ingest.api.EventProblems;
import dev.tollgate.ingest.api.RawEventStore;
import dev.tollgate.ingest.api.StoredEvent;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The event browser: OpenMeter's {@code GET /api/v1/events} over the raw event store. */
@ApplicationScoped
public class EventBrowserService {

    public static final int MAX_LIMIT = 100;
    static final int MAX_CUSTOMERS = 100;

    /** Raw query parameters, before validation; {@code customerIds} may be empty, never null. */
    public record Request(String from, String to, String ingestedAtFrom, String ingestedAtTo, String id,
            String subject, List<String> customerIds, String type, String limit) {
    }

    /** A stored event and the customer its subject is attributed to now, if any. */
    public record BrowsedEvent(StoredEvent stored, String customerId) {
    }

    private final RawEventStore store;
    private final IngestConfig config;
    private final Clock clock;
    private final CustomerSubjects customers;
    private final Instance<EventProblems> problems;

    EventBrowserService(RawEventStore store, IngestConfig config, Clock clock, CustomerSubjects customers,
            Instance<EventProblems> problems) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.customers = customers;
        this.problems = problems;
    }

    public List<BrowsedEvent> list(String namespace, Request request) {
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
        List<StoredEvent> events = store.list(new EventFilter(namespace, from, to,
                Rfc3339.parameter("ingestedAtFrom", request.ingestedAtFrom()),
                Rfc3339.parameter("ingestedAtTo", request.ingestedAtTo()), blankToNull(request.id()),
                blankToNull(request.subject()), customerSubjects(namespace, request.customerIds()),
                blankToNull(request.type()), limit));
        Map<String, String> owners = customers.customersOf(namespace,
                events.stream().map(StoredEvent::subject).collect(Collectors.toSet()));
        return events.stream().map(e -> new BrowsedEvent(withProblems(e), owners.get(e.subject()))).toList();
    }

    /**
     * A record stored with a reason (unreadable, set aside) shows it; an event, why the meters cannot take a value
     * from it now.
     */
    private StoredEvent withProblems(StoredEvent event) {
        if (!event.validationError().isEmpty() || event.setAside() || !problems.isResolvable()) {
            return event;
        }
        return event.withValidationError(problems.get().of(event));
    }

    /** The subjects of the customers, or null without a customer filter; an unknown customer is the caller's error. */
    private List<String> customerSubjects(String namespace, List<String> customerIds) {
        List<String> ids = customerIds.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
        if (ids.isEmpty()) {
            return null;
        }
        if (ids.size() > MAX_CUSTOMERS) {
            throw ApiException.invalid("customerId", "size", "at most " + MAX_CUSTOMERS + " customers");
        }
        Map<String, List<String>> subjects = customers.subjectsOf(namespace, ids);
        List<String> unknown = ids.stream().filter(id -> !subjects.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.invalid("customerId", "notFound", "no such customer: " + String.join(", ", unknown));
        }
        return subjects.values().stream().flatMap(List::stream).distinct().toList();
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
