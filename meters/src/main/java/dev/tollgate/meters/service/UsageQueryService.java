package dev.tollgate.meters.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.api.CustomerSubjects;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.domain.GroupFilter;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import dev.tollgate.meters.domain.WindowSize;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import dev.tollgate.shared.time.Rfc3339;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates usage queries with OpenMeter's rules and runs them. {@code from} is inclusive and {@code to} exclusive, as
 * in OpenMeter's SQL (its spec's "inclusive" wording notwithstanding).
 */
@ApplicationScoped
public class UsageQueryService {

    /**
     * Raw query parameters as they arrive, before validation, from the query string or a POSTed body.
     *
     * @param filterGroupBy group key to the values to keep (exact match, any of them)
     * @param advancedMeterGroupByFilters OpenMeter's group key to filter object, as JSON; null when not given
     */
    public record Request(String from, String to, String windowSize, String windowTimeZone, List<String> subjects,
            List<String> groupBy, Map<String, List<String>> filterGroupBy, List<String> filterCustomerId,
            JsonNode advancedMeterGroupByFilters) {

        public Request(String from, String to, String windowSize, String windowTimeZone, List<String> subjects,
                List<String> groupBy, Map<String, List<String>> filterGroupBy, List<String> filterCustomerId) {
            this(from, to, windowSize, windowTimeZone, subjects, groupBy, filterGroupBy, filterCustomerId, null);
        }
    }

    static final String ADVANCED_FILTERS = "advancedMeterGroupByFilters";
    /** OpenMeter's limit on filterCustomerId. */
    static final int MAX_CUSTOMERS = 100;
    /** Subjects one query may name; a query over more is better asked per customer or without a filter. */
    static final int MAX_SUBJECTS = 100;
    /** Values one group-by filter may list. */
    static final int MAX_FILTER_VALUES = 100;

    private final UsageReader reader;
    private final CustomerSubjects customerSubjects;

    UsageQueryService(UsageReader reader, CustomerSubjects customerSubjects) {
        this.reader = reader;
        this.customerSubjects = customerSubjects;
    }

    public List<UsageRow> run(UsageQuery query) {
        if (query.from() != null && query.from().equals(query.to())) {
            return List.of(); // both bounds inside one minute: no whole minute lies between them
        }
        return reader.query(query);
    }

    public List<String> subjects(Meter meter) {
        return reader.subjects(meter);
    }

    /** The values a group-by key took, optionally within [from, to). */
    public List<String> groupValues(Meter meter, String key, String from, String to) {
        if (!meter.groupBy().containsKey(key)) {
            throw ApiException.notFound("'" + key + "' is not a group-by key of meter " + meter.slug() + "; it has "
                    + meter.groupBy().keySet());
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        requireOrdered(start, end);
        Instant first = floorToMinute(start);
        Instant last = floorToMinute(end);
        if (first != null && first.equals(last)) {
            return List.of();
        }
        return reader.groupValues(meter, key, first, last);
    }

    public UsageQuery validate(Meter meter, Request request) {
        Instant from = instant("from", request.from());
        Instant to = instant("to", request.to());
        requireOrdered(from, to);
        from = floorToMinute(from);
        to = floorToMinute(to);
        WindowSize windowSize = windowSize(request.windowSize());
        ZoneId zone = zone(request.windowTimeZone());
        List<String> subjects = atMost("subject", MAX_SUBJECTS, nonBlank(request.subjects()));
        List<String> customerIds = nonBlank(request.filterCustomerId());
        List<String> groupBy = new ArrayList<>(nonBlank(request.groupBy()));
        // OpenMeter's customer_id key asks for what filterCustomerId does anyway: one row per customer.
        if (!customerIds.isEmpty() && !meter.groupBy().containsKey(UsageQuery.CUSTOMER_ID)) {
            groupBy.remove(UsageQuery.CUSTOMER_ID);
        }
        for (String key : groupBy) {
            if (!UsageQuery.SUBJECT.equals(key) && !meter.groupBy().containsKey(key)) {
                throw ApiException.invalid("groupBy", "unknown",
                        "'" + key + "' is not a group-by key of meter " + meter.slug() + "; use subject or one of "
                                + meter.groupBy().keySet());
            }
        }
        Map<String, GroupFilter> filters = new TreeMap<>();
        if (request.filterGroupBy() != null) {
            request.filterGroupBy().forEach((key, values) -> {
                if (!meter.groupBy().containsKey(key)) {
                    throw ApiException.invalid("filterGroupBy[" + key + "]", "unknown", "names no group-by key of"
                            + " meter " + meter.slug() + "; use one of " + meter.groupBy().keySet());
                }
                List<String> kept = atMost("filterGroupBy[" + key + "]", MAX_FILTER_VALUES, nonBlank(values));
                if (kept.isEmpty()) {
                    throw ApiException.invalid("filterGroupBy[" + key + "]", "required", "must give a value");
                }
                filters.put(key, GroupFilter.anyOf(kept));
            });
        }
        if (request.advancedMeterGroupByFilters() != null) {
            if (!filters.isEmpty()) {
                throw ApiException.invalid(ADVANCED_FILTERS, "conflict", "cannot be used together with filterGroupBy");
            }
            GroupFilter.parseAll(ADVANCED_FILTERS, request.advancedMeterGroupByFilters()).forEach((key, filter) -> {
                if (!meter.groupBy().containsKey(key)) {
                    throw ApiException.invalid(ADVANCED_FILTERS + "." + key, "unknown", "names no group-by key of"
                            + " meter " + meter.slug() + "; use one of " + meter.groupBy().keySet());
                }
                filters.put(key, filter);
            });
        }
        // OpenMeter: filtering by subject also splits the result by subject.
        if (!subjects.isEmpty() && !groupBy.contains(UsageQuery.SUBJECT)) {
            groupBy.add(0, UsageQuery.SUBJECT);
        }
        return new UsageQuery(meter, from, to, windowSize, zone, subjects, List.copyOf(groupBy), filters,
                customers(meter, customerIds, from, to));
    }

    /**
     * Which subjects were each customer's when, within the range; as in OpenMeter, an id that names no customer is a
     * 404.
     */
    private Map<String, List<SubjectAttribution>> customers(Meter meter, List<String> customerIds, Instant from,
            Instant to) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        if (customerIds.size() > MAX_CUSTOMERS) {
            throw ApiException.invalid("filterCustomerId", "too_many",
                    "must name at most " + MAX_CUSTOMERS + " customers, not " + customerIds.size());
        }
        Map<String, List<SubjectAttribution>> found = customerSubjects.attributionsOf(meter.namespace(), customerIds,
                from == null ? UsageQuery.BEGINNING : from, to == null ? UsageQuery.END : to);
        List<String> unknown = customerIds.stream().filter(id -> !found.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            String detail = "filterCustomerId names no customer: " + String.join(", ", unknown);
            throw new ApiException(404, detail, List.of(new ValidationError("filterCustomerId", "unknown", detail)),
                    null);
        }
        Map<String, List<SubjectAttribution>> customers = new TreeMap<>();
        customerIds.forEach(id -> customers.put(id, List.copyOf(found.get(id))));
        return customers;
    }

    private static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("from", "range", "must be before to");
        }
    }

    private static Instant instant(String name, String value) {
        return Rfc3339.parameter(name, value);
    }

    /**
     * Usage is stored per minute, so a bound inside a minute moves to the minute's start: a minute counts in the range
     * that holds its first instant. Both bounds move the same way, so adjacent ranges ([a, b) then [b, c)) still
     * share out every minute exactly once, and the answer's from and to say which minutes were read.
     */
    static Instant floorToMinute(Instant instant) {
        return instant == null ? null : Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), 60) * 60);
    }

    private static List<String> atMost(String field, int limit, List<String> values) {
        if (values.size() > limit) {
            throw ApiException.invalid(field, "too_many", "must list at most " + limit + " values, not "
                    + values.size());
        }
        return values;
    }

    private static WindowSize windowSize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return WindowSize.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("windowSize", "unknown",
                    "must be one of " + Arrays.toString(WindowSize.values()) + ", not '" + value + "'");
        }
    }

    private static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        // Region ids only: fixed offsets such as +05:00 are not IANA zones, and ClickHouse would not know them.
        if (!ZoneId.getAvailableZoneIds().contains(value.trim())) {
            throw ApiException.invalid("windowTimeZone", "unknown",
                    "must be an IANA time zone such as Europe/Berlin, not '" + value + "'");
        }
        return ZoneId.of(value.trim());
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).distinct().toList();
    }
}
