package dev.tollgate.meters.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.ingest.api.EventTimeLimits;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.MeterUsage;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import dev.tollgate.meters.domain.WindowSize;
import dev.tollgate.meters.service.UsageReader;
import dev.tollgate.shared.clickhouse.ClickHouse;
import dev.tollgate.shared.clickhouse.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Rolls stored windows up to the query's window size inside ClickHouse, reading UTC days, hours or minutes as
 * {@link SpanPlan} allows and merging their aggregate states. Window starts are computed in the query's time
 * zone with functions that exist in ClickHouse 18.16 and today (toStartOfHour/Day/Month with a zone argument), so
 * days and months begin at local midnight, across DST changes and in half-hour zones alike.
 */
@ApplicationScoped
public class ClickHouseUsageReader implements UsageReader {

    private static final String TABLE = "meter_windows_agg";

    /** Clock skew between the server that accepted an event and the aggregator that wrote its window, at most. */
    private static final Duration WRITER_SKEW = Duration.ofDays(1);

    private final ClickHouse clickHouse;
    /** No window starts more than this after it was written (see {@link #writtenSince}). */
    private final Duration writeLead;

    ClickHouseUsageReader(ClickHouse clickHouse, EventTimeLimits limits) {
        this.clickHouse = clickHouse;
        this.writeLead = limits.maxFuture().plus(WRITER_SKEW);
    }

    @Override
    public List<UsageRow> query(UsageQuery query) {
        if (query.groupsByCustomer() && attributed(query).isEmpty()) {
            return List.of();
        }
        List<String> keys = query.groupKeys();
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        if (query.windowSize() != null) {
            select.add(bucket(query) + " AS ws");
            groupBy.add("ws");
        } else {
            select.add("toUnixTimestamp(min(window_start)) AS first_ws");
            select.add("toUnixTimestamp(max(window_start)) AS last_ws");
        }
        if (query.groupsByCustomer()) {
            select.add(customerOf(query) + " AS customer_id");
            groupBy.add("customer_id");
        }
        if (query.groupsBySubject()) {
            select.add("subject");
            groupBy.add("subject");
        }
        for (int i = 0; i < keys.size(); i++) {
            select.add(groupValue(query.meter(), keys.get(i)) + " AS g" + i);
            groupBy.add("g" + i);
        }
        select.addAll(aggregate(query.meter().aggregation()));
        select.add("count() AS windows");
        String sql = "SELECT " + String.join(", ", select) + " FROM " + clickHouse.table(TABLE)
                + " WHERE " + String.join(" AND ", where(query))
                + (groupBy.isEmpty() ? "" : " GROUP BY " + String.join(", ", groupBy)
                        + " ORDER BY " + String.join(", ", groupBy));
        List<UsageRow> rows = new ArrayList<>();
        for (JsonNode row : clickHouse.query(sql)) {
            // Without GROUP BY an aggregate answers one row even over no windows; OpenMeter leaves out empty ones.
            if (row.get("windows").asLong() > 0) {
                rows.add(toRow(query, keys, row));
            }
        }
        return rows;
    }

    private List<String> where(UsageQuery query) {
        List<String> where = series(query.meter());
        writtenSince(query).ifPresent(where::add);
        boolean perSubject = query.groupsBySubject() || query.groupsByCustomer() || !query.subjects().isEmpty();
        SpanPlan whole = SpanPlan.of(query.from(), query.to(), query.windowSize(), query.timeZone(), perSubject);
        if (!query.subjects().isEmpty()) {
            where.add("subject IN " + Sql.strings(query.subjects()));
        }
        where.add(query.groupsByCustomer() ? attributedUsage(query, whole) : spans(whole));
        query.filterGroupBy().forEach((key, filter) -> where.add(
                GroupFilterSql.condition(groupValue(query.meter(), key), filter)));
        return where;
    }

    /**
     * Windows are partitioned by the month they were written in, and a window is written after its events were
     * accepted, which is at most {@code tollgate.ingest.max-future} before their time: a window that starts at or
     * after {@code from} was written after {@code from - writeLead}. Saying so lets ClickHouse skip the older months'
     * parts whole, so that a question about last month does not read the whole history (a billing run's usage, a
     * month's showback). It changes no answer.
     */
    private Optional<String> writtenSince(UsageQuery query) {
        Instant from = query.from();
        if (from == null || !from.isAfter(UsageQuery.BEGINNING.plus(writeLead))) {
            return Optional.empty();
        }
        return Optional.of("written_at >= toDateTime(" + from.minus(writeLead).getEpochSecond() + ")");
    }

    /** Every attribution of the customers the query filters by. */
    private static List<SubjectAttribution> attributed(UsageQuery query) {
        return query.customers().values().stream().flatMap(List::stream).toList();
    }

    /**
     * The rows of the customers' subjects while they were theirs. Subjects held over the whole range (nearly all) are
     * read with the query's own spans; a subject that changed hands within it, over its own stretch.
     */
    private static String attributedUsage(UsageQuery query, SpanPlan whole) {
        Map<List<Instant>, List<String>> byStretch = new LinkedHashMap<>();
        for (SubjectAttribution a : attributed(query)) {
            byStretch.computeIfAbsent(List.of(a.from(), a.to()), k -> new ArrayList<>()).add(a.subject());
        }
        List<String> conditions = new ArrayList<>();
        byStretch.forEach((stretch, subjects) -> {
            SpanPlan plan = coversRange(query, stretch.get(0), stretch.get(1)) ? whole
                    : SpanPlan.of(stretch.get(0), stretch.get(1), query.windowSize(), query.timeZone(), true);
            conditions.add("(subject IN " + Sql.strings(subjects) + " AND " + spans(plan) + ")");
        });
        return "(" + String.join(" OR ", conditions) + ")";
    }

    private static boolean coversRange(UsageQuery query, Instant from, Instant to) {
        return from.equals(query.from() == null ? UsageQuery.BEGINNING : query.from())
                && to.equals(query.to() == null ? UsageQuery.END : query.to());
    }

    /**
     * The customer a row is attributed to. ClickHouse 18.16 has no Map type, so transform() looks a subject held
     * over the whole range up in one array and answers the same position of another; a subject that changed hands
     * within the range is decided by the row's time first.
     */
    private static String customerOf(UsageQuery query) {
        List<String> subjects = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<String> byTime = new ArrayList<>();
        query.customers().forEach((customerId, attributions) -> attributions.forEach(a -> {
            if (coversRange(query, a.from(), a.to())) {
                subjects.add(a.subject());
                owners.add(customerId);
            } else {
                byTime.add("subject = " + Sql.string(a.subject()) + " AND window_start >= toDateTime("
                        + a.from().getEpochSecond() + ") AND window_start < toDateTime(" + a.to().getEpochSecond()
                        + ")");
                byTime.add(Sql.string(customerId));
            }
        }));
        String held = subjects.isEmpty() ? "''"
                : "transform(subject, " + array(subjects) + ", " + array(owners) + ", '')";
        return byTime.isEmpty() ? held : "multiIf(" + String.join(", ", byTime) + ", " + held + ")";
    }

    private static String array(List<String> values) {
        return values.stream().map(Sql::string).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The conditions for the meter's current window series. */
    private static List<String> series(Meter meter) {
        List<String> where = new ArrayList<>();
        where.add("namespace = " + Sql.string(meter.namespace()));
        where.add("meter_id = " + Sql.string(meter.seriesId()));
        return where;
    }

    /** Rows of each planned span whose start falls in its range: together they hold every event once. */
    private static String spans(SpanPlan plan) {
        List<String> ranges = new ArrayList<>();
        for (SpanPlan.Range range : plan.ranges()) {
            List<String> conditions = new ArrayList<>();
            conditions.add("window_seconds = " + range.spanSeconds());
            conditions.add(range.allSubjects() ? "subject = ''" : "subject != ''");
            if (range.from() != null) {
                conditions.add("window_start >= toDateTime(" + range.from().getEpochSecond() + ")");
            }
            if (range.to() != null) {
                conditions.add("window_start < toDateTime(" + range.to().getEpochSecond() + ")");
            }
            ranges.add("(" + String.join(" AND ", conditions) + ")");
        }
        return ranges.isEmpty() ? "0" : "(" + String.join(" OR ", ranges) + ")";
    }

    /**
     * A series' group keys are fixed (a new group-by is a new series) and stored sorted, so a key's value sits at the
     * key's position in the meter's sorted group-by: reading {@code group_keys} as well would double the array data
     * a query scans.
     */
    private static String groupValue(Meter meter, String key) {
        int position = new ArrayList<>(meter.groupBy().keySet()).indexOf(key);
        return "group_values[" + (position + 1) + "]";
    }

    @Override
    public List<String> subjects(Meter meter) {
        List<String> subjects = new ArrayList<>();
        // Every event is in a day row too, and days are the fewest rows.
        clickHouse.query("SELECT DISTINCT subject FROM " + clickHouse.table(TABLE) + " WHERE "
                + String.join(" AND ", series(meter)) + " AND window_seconds = " + SpanPlan.SPAN_DAY
                + " AND subject != ''"
                + " ORDER BY subject",
                row -> subjects.add(row.get("subject").asText()));
        return subjects;
    }

    @Override
    public Map<String, MeterUsage.Changes> changes(List<Meter> meters, Instant writtenFrom) {
        Map<String, Map<String, MeterUsage.SubjectChange>> bySeries = new HashMap<>();
        Map<String, Long> latest = new HashMap<>();
        long since = Math.max(0, writtenFrom.getEpochSecond());
        // A change row keeps the subject in batch_id and its earliest usage minute in value_min (V2026_12_05_15).
        // Its window starts when it was written, so written_at is the same instant: bounding that too lets ClickHouse
        // skip the months before, whose parts it would otherwise open one by one.
        clickHouse.query("SELECT meter_id AS series, batch_id AS s, toUnixTimestamp(max(window_start)) AS w,"
                + " minMerge(value_min) AS m, sumMerge(value_count) AS n FROM " + clickHouse.table(TABLE)
                + " WHERE namespace = " + Sql.string(meters.get(0).namespace()) + " AND meter_id IN "
                + Sql.strings(meters.stream().map(Meter::seriesId).toList()) + " AND window_seconds = "
                + SpanPlan.CHANGE_ROWS + " AND subject = '' AND window_start >= toDateTime(" + since
                + ") AND written_at >= toDateTime(" + since + ") GROUP BY meter_id, batch_id", row -> {
                    String series = row.get("series").asText();
                    long written = row.get("w").asLong();
                    bySeries.computeIfAbsent(series, k -> new HashMap<>()).put(row.get("s").asText(),
                            new MeterUsage.SubjectChange(Instant.ofEpochSecond(new BigDecimal(row.get("m").asText())
                                    .longValue()), Instant.ofEpochSecond(written), row.get("n").asLong()));
                    latest.merge(series, written, Math::max);
                });
        Map<String, MeterUsage.Changes> changes = new HashMap<>();
        bySeries.forEach((series, subjects) -> changes.put(series, new MeterUsage.Changes(subjects,
                Instant.ofEpochSecond(latest.get(series)))));
        return changes;
    }

    @Override
    public List<String> groupValues(Meter meter, String key, Instant from, Instant to) {
        List<String> values = new ArrayList<>();
        String spans = from == null && to == null ? "window_seconds = " + SpanPlan.SPAN_DAY + " AND subject = ''"
                : spans(SpanPlan.of(from, to, null, ZoneOffset.UTC, false));
        clickHouse.query("SELECT DISTINCT " + groupValue(meter, key) + " AS v FROM " + clickHouse.table(TABLE)
                + " WHERE " + String.join(" AND ", series(meter)) + " AND " + spans + " AND v != '' ORDER BY v",
                row -> values.add(row.get("v").asText()));
        return values;
    }

    private static String bucket(UsageQuery query) {
        String zone = Sql.string(query.timeZone().getId());
        return switch (query.windowSize()) {
            case MINUTE -> "toUnixTimestamp(window_start)";
            case HOUR -> "toUnixTimestamp(toStartOfHour(window_start, " + zone + "))";
            case DAY -> "toUnixTimestamp(toStartOfDay(window_start, " + zone + "))";
            // toStartOfMonth gives a Date; reading it back in the same zone gives that zone's midnight.
            case MONTH -> "toUnixTimestamp(toDateTime(toStartOfMonth(window_start, " + zone + "), " + zone + "))";
        };
    }

    private static List<String> aggregate(Aggregation aggregation) {
        return switch (aggregation) {
            case SUM -> List.of("sumMerge(value_sum) AS v");
            case COUNT -> List.of("sumMerge(value_count) AS v");
            case AVG -> List.of("sumMerge(value_sum) AS s", "sumMerge(value_count) AS c");
            case MIN -> List.of("minMerge(value_min) AS v");
            case MAX -> List.of("maxMerge(value_max) AS v");
            case LATEST -> List.of("argMaxMerge(latest) AS v");
            case UNIQUE_COUNT -> List.of("length(groupUniqArrayArrayMerge(distinct_values)) AS v");
        };
    }

    private static UsageRow toRow(UsageQuery query, List<String> keys, JsonNode row) {
        Instant start;
        Instant end;
        if (query.windowSize() != null) {
            ZonedDateTime windowStart = Instant.ofEpochSecond(row.get("ws").asLong()).atZone(query.timeZone());
            start = windowStart.toInstant();
            end = query.windowSize().end(windowStart).toInstant();
        } else {
            start = query.from() != null ? query.from() : Instant.ofEpochSecond(row.get("first_ws").asLong());
            end = query.to() != null ? query.to()
                    : WindowSize.MINUTE.end(Instant.ofEpochSecond(row.get("last_ws").asLong())
                            .atZone(query.timeZone())).toInstant();
        }
        Map<String, String> groups = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String value = row.get("g" + i).asText();
            groups.put(keys.get(i), value.isEmpty() ? null : value);
        }
        String subject = query.groupsBySubject() ? row.get("subject").asText() : null;
        String customerId = query.groupsByCustomer() ? row.get("customer_id").asText() : null;
        return new UsageRow(value(query.meter().aggregation(), row), start, end, subject, groups, customerId);
    }

    /** AVG is the true mean of the events, not a mean of window means: total over count, to nine decimals. */
    private static BigDecimal value(Aggregation aggregation, JsonNode row) {
        if (aggregation == Aggregation.AVG) {
            BigDecimal count = new BigDecimal(row.get("c").asText());
            return count.signum() == 0 ? BigDecimal.ZERO
                    : new BigDecimal(row.get("s").asText()).divide(count, ClickHouseWindowStore.SCALE,
                            RoundingMode.HALF_EVEN);
        }
        return new BigDecimal(row.get("v").asText());
    }
}
