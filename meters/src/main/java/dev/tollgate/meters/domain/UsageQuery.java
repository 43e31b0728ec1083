package dev.tollgate.meters.domain;

import dev.tollgate.meters.api.Meter;
import dev.tollgate.ingest.api.SubjectAttribution;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A validated usage query. {@code from} is inclusive and {@code to} exclusive; both fall on whole minutes, the
 * resolution at which usage is stored (a bound sent inside a minute is moved to the minute's start).
 *
 * @param windowSize null for one total per group over the whole range
 * @param groupBy the group keys to split by; {@code subject} splits by subject
 * @param filterGroupBy group key to the condition its value must meet
 * @param customers for {@code filterCustomerId}: customer id to which subjects were its when, within the query's
 *     range ({@link #BEGINNING} to {@link #END} when it is open); empty when the query does not filter by customer
 */
public record UsageQuery(Meter meter, Instant from, Instant to, WindowSize windowSize, ZoneId timeZone,
        List<String> subjects, List<String> groupBy, Map<String, GroupFilter> filterGroupBy,
        Map<String, List<SubjectAttribution>> customers) {

    /** Where an open range starts and ends for attribution: the span of ClickHouse's DateTime. */
    public static final Instant BEGINNING = Instant.EPOCH;
    public static final Instant END = Instant.ofEpochSecond(4_294_967_295L);

    public static final String SUBJECT = "subject";
    /** OpenMeter's group-by key for customers; filtering by customer always splits by customer. */
    public static final String CUSTOMER_ID = "customer_id";

    public boolean groupsByCustomer() {
        return !customers.isEmpty();
    }

    public boolean groupsBySubject() {
        return groupBy.contains(SUBJECT);
    }

    public List<String> groupKeys() {
        return groupBy.stream().filter(k -> !SUBJECT.equals(k)).toList();
    }
}
