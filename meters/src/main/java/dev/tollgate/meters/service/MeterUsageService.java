package dev.tollgate.meters.service;

import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.api.MeterUsage;
import dev.tollgate.meters.api.Meters;
import dev.tollgate.meters.domain.GroupFilter;
import dev.tollgate.meters.domain.UsageQuery;
import dev.tollgate.meters.domain.UsageRow;
import dev.tollgate.meters.domain.WindowSize;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/** Usage by customer for billing, through the same reader and attribution rules as the query API. */
@ApplicationScoped
public class MeterUsageService implements MeterUsage {

    /** Customers per ClickHouse query: keeps the query's subject list and lookup arrays well under its size limit. */
    static final int CUSTOMERS_PER_QUERY = 500;

    private final Meters meters;
    private final UsageReader reader;

    MeterUsageService(Meters meters, UsageReader reader) {
        this.meters = meters;
        this.reader = reader;
    }

    @Override
    public Map<String, BigDecimal> totals(Selection selection, Map<String, List<SubjectAttribution>> attributions) {
        Meter meter = meter(selection);
        Instant from = UsageQueryService.floorToMinute(selection.from());
        Instant to = UsageQueryService.floorToMinute(selection.to());
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        attributions.keySet().forEach(id -> totals.put(id, BigDecimal.ZERO));
        if (!from.isBefore(to)) {
            return totals;
        }
        List<String> ids = new ArrayList<>(attributions.keySet());
        for (int start = 0; start < ids.size(); start += CUSTOMERS_PER_QUERY) {
            Map<String, List<SubjectAttribution>> chunk = new TreeMap<>();
            for (String id : ids.subList(start, Math.min(ids.size(), start + CUSTOMERS_PER_QUERY))) {
                chunk.put(id, clipped(attributions.get(id), from, to));
            }
            for (UsageRow row : reader.query(query(meter, selection, from, to, null, ZoneId.of("UTC"), chunk))) {
                totals.put(row.customerId(), row.value());
            }
        }
        return totals;
    }

    @Override
    public Map<String, BigDecimal> bySubject(Selection selection) {
        return bySubjectQuery(selection, List.of()); // no subject named: every subject, in one query
    }

    @Override
    public Map<String, BigDecimal> bySubject(Selection selection, Collection<String> subjects) {
        Map<String, BigDecimal> bySubject = new LinkedHashMap<>();
        List<String> named = List.copyOf(subjects);
        for (int start = 0; start < named.size(); start += CUSTOMERS_PER_QUERY) {
            bySubject.putAll(bySubjectQuery(selection, named.subList(start,
                    Math.min(named.size(), start + CUSTOMERS_PER_QUERY))));
        }
        return bySubject;
    }

    private Map<String, BigDecimal> bySubjectQuery(Selection selection, List<String> subjects) {
        Meter meter = meter(selection);
        Instant from = UsageQueryService.floorToMinute(selection.from());
        Instant to = UsageQueryService.floorToMinute(selection.to());
        Map<String, BigDecimal> bySubject = new LinkedHashMap<>();
        if (!from.isBefore(to)) {
            return bySubject;
        }
        Map<String, GroupFilter> filters = new TreeMap<>();
        selection.groupFilters().forEach((key, value) -> filters.put(key, GroupFilter.anyOf(List.of(value))));
        UsageQuery query = new UsageQuery(meter, from, to, null, ZoneId.of("UTC"), subjects,
                List.of(UsageQuery.SUBJECT), filters, Map.of());
        for (UsageRow row : reader.query(query)) {
            bySubject.put(row.subject(), row.value());
        }
        return bySubject;
    }

    @Override
    public Map<String, Changes> changes(String namespace, Collection<String> meterSlugs, Instant writtenFrom) {
        // One read of the namespace's meters, not one per slug: the access view asks twice a second.
        List<Meter> live = meters.list(namespace, false).stream().filter(m -> meterSlugs.contains(m.slug()))
                .toList();
        Map<String, Changes> bySeries = live.isEmpty() ? Map.of() : reader.changes(live, writtenFrom);
        Map<String, Changes> bySlug = new LinkedHashMap<>();
        live.forEach(meter -> bySlug.put(meter.slug(), bySeries.getOrDefault(meter.seriesId(),
                new Changes(Map.of(), null))));
        return bySlug;
    }

    @Override
    public List<Window> windows(Selection selection, List<SubjectAttribution> attributions, String windowSize,
            ZoneId zone) {
        Meter meter = meter(selection);
        Instant from = UsageQueryService.floorToMinute(selection.from());
        Instant to = UsageQueryService.floorToMinute(selection.to());
        if (!from.isBefore(to)) {
            return List.of();
        }
        Map<String, List<SubjectAttribution>> one = Map.of("customer", clipped(attributions, from, to));
        return reader.query(query(meter, selection, from, to, WindowSize.valueOf(windowSize), zone, one)).stream()
                .map(row -> new Window(later(row.windowStart(), from), earlier(row.windowEnd(), to), row.value()))
                .toList();
    }

    @Override
    public List<SubjectUsage> bySubjectAndGroup(Selection selection, List<String> groupKeys, String windowSize,
            ZoneId zone) {
        return usageByGroup(selection, groupKeys, windowSize, zone, true);
    }

    @Override
    public List<SubjectUsage> byGroup(Selection selection, List<String> groupKeys, String windowSize, ZoneId zone) {
        return usageByGroup(selection, groupKeys, windowSize, zone, false);
    }

    private List<SubjectUsage> usageByGroup(Selection selection, List<String> groupKeys, String windowSize,
            ZoneId zone, boolean perSubject) {
        Meter meter = meter(selection);
        Instant from = UsageQueryService.floorToMinute(selection.from());
        Instant to = UsageQueryService.floorToMinute(selection.to());
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<String> groupBy = subjectAndGroups(meter, groupKeys);
        if (!perSubject) {
            groupBy.remove(UsageQuery.SUBJECT);
        }
        UsageQuery query = new UsageQuery(meter, from, to, windowSize == null ? null : WindowSize.valueOf(windowSize),
                zone, List.of(), groupBy, filters(selection), Map.of());
        List<SubjectUsage> rows = new ArrayList<>();
        for (UsageRow row : reader.query(query)) {
            rows.add(new SubjectUsage(later(row.windowStart(), from), earlier(row.windowEnd(), to),
                    perSubject ? row.subject() : "", groups(row, groupKeys), row.value()));
        }
        return rows;
    }

    @Override
    public List<HeldUsage> bySubjectHolderAndGroup(Selection selection, Map<String, List<SubjectAttribution>> holders,
            List<String> groupKeys, String windowSize, ZoneId zone) {
        Meter meter = meter(selection);
        Instant from = UsageQueryService.floorToMinute(selection.from());
        Instant to = UsageQueryService.floorToMinute(selection.to());
        List<HeldUsage> rows = new ArrayList<>();
        if (!from.isBefore(to)) {
            return rows;
        }
        for (Map<String, List<SubjectAttribution>> chunk : chunksOfWholeSubjects(holders, from, to)) {
            UsageQuery query = new UsageQuery(meter, from, to,
                    windowSize == null ? null : WindowSize.valueOf(windowSize), zone, List.of(),
                    subjectAndGroups(meter, groupKeys), filters(selection), chunk);
            for (UsageRow row : reader.query(query)) {
                rows.add(new HeldUsage(later(row.windowStart(), from), earlier(row.windowEnd(), to), row.subject(),
                        row.customerId(), groups(row, groupKeys), row.value()));
            }
        }
        return rows;
    }

    /**
     * The holders' stretches clipped to the range, at most {@link #STRETCHES_PER_QUERY} per chunk unless one subject
     * alone has more: a subject's stretches stay together so that each of its rows comes from one query.
     */
    private static List<Map<String, List<SubjectAttribution>>> chunksOfWholeSubjects(
            Map<String, List<SubjectAttribution>> holders, Instant from, Instant to) {
        Map<String, List<Map.Entry<String, SubjectAttribution>>> bySubject = new TreeMap<>();
        holders.forEach((holder, stretches) -> clipped(stretches, from, to).forEach(a -> bySubject
                .computeIfAbsent(a.subject(), k -> new ArrayList<>()).add(Map.entry(holder, a))));
        List<Map<String, List<SubjectAttribution>>> chunks = new ArrayList<>();
        Map<String, List<SubjectAttribution>> chunk = new TreeMap<>();
        int size = 0;
        for (List<Map.Entry<String, SubjectAttribution>> stretches : bySubject.values()) {
            if (size > 0 && size + stretches.size() > STRETCHES_PER_QUERY) {
                chunks.add(chunk);
                chunk = new TreeMap<>();
                size = 0;
            }
            for (Map.Entry<String, SubjectAttribution> held : stretches) {
                chunk.computeIfAbsent(held.getKey(), k -> new ArrayList<>()).add(held.getValue());
            }
            size += stretches.size();
        }
        if (size > 0) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private static List<String> subjectAndGroups(Meter meter, List<String> groupKeys) {
        List<String> groupBy = new ArrayList<>();
        groupBy.add(UsageQuery.SUBJECT);
        groupKeys.stream().filter(meter.groupBy()::containsKey).distinct().forEach(groupBy::add);
        return groupBy;
    }

    private static Map<String, GroupFilter> filters(Selection selection) {
        Map<String, GroupFilter> filters = new TreeMap<>();
        selection.groupFilters().forEach((key, value) -> filters.put(key, GroupFilter.anyOf(List.of(value))));
        return filters;
    }

    private static Map<String, String> groups(UsageRow row, List<String> groupKeys) {
        Map<String, String> groups = new LinkedHashMap<>();
        groupKeys.forEach(key -> groups.put(key, row.groupBy().get(key)));
        return groups;
    }

    private Meter meter(Selection selection) {
        return meters.findLive(selection.namespace(), selection.meterSlug()).orElseThrow(() ->
                new NoSuchElementException("namespace " + selection.namespace() + " has no meter '"
                        + selection.meterSlug() + "'"));
    }

    private static UsageQuery query(Meter meter, Selection selection, Instant from, Instant to, WindowSize size,
            ZoneId zone, Map<String, List<SubjectAttribution>> customers) {
        Map<String, GroupFilter> filters = new TreeMap<>();
        selection.groupFilters().forEach((key, value) -> filters.put(key, GroupFilter.anyOf(List.of(value))));
        return new UsageQuery(meter, from, to, size, zone, List.of(), List.of(), filters,
                customers);
    }

    private static List<SubjectAttribution> clipped(List<SubjectAttribution> attributions, Instant from,
            Instant to) {
        List<SubjectAttribution> clipped = new ArrayList<>();
        for (SubjectAttribution a : attributions) {
            Instant start = later(a.from(), from);
            Instant end = earlier(a.to(), to);
            if (start.isBefore(end)) {
                clipped.add(new SubjectAttribution(a.subject(), start, end));
            }
        }
        return clipped;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isBefore(b) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isAfter(b) ? b : a;
    }
}
