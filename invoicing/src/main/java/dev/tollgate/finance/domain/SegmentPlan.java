package dev.tollgate.finance.domain;

import dev.tollgate.ingest.api.SubjectAttribution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The usage reads a report needs. The range is cut only where an LLM price changes (a handful of instants), so that
 * every model has one price per segment. Within a segment nearly every subject has one customer throughout: those
 * are read together, in one query per feature, and attributed whole. The few subjects that change hands strictly
 * inside a segment (a customer created, a subject moved) are read again, cut only at their own changes: each of their
 * stretches of one holder, batched {@code stretchesPerQuery} at a time. So a report without changes costs one query
 * per feature and segment, and one with changes adds one query per batch, however many distinct instants the
 * changes fall on. Cutting the whole range at every change instead would cost a query per change and feature, which
 * for a year of customers created at distinct minutes is thousands.
 *
 * <p>Every instant moves to the first whole minute it applies to, since usage is stored per minute.
 */
public final class SegmentPlan {

    /**
     * A subject held by one customer over [from, to), on minute bounds.
     *
     * @param customerId null while no customer held the subject
     */
    public record Holding(String subject, String customerId, Instant from, Instant to) {
    }

    /**
     * One stretch of the range with one price per model.
     *
     * @param changing the subjects that change hands strictly inside, whose usage the all-subjects read must not
     *     attribute whole
     * @param batches the changing subjects' holdings, which tile the segment for each of them; one read each, a
     *     subject's holdings always in one batch
     */
    public record Segment(Instant from, Instant to, TreeSet<String> changing, List<List<Holding>> batches) {

        /** The reads of one feature over this segment: all subjects, then each batch of changing ones. */
        public int reads() {
            return 1 + batches.size();
        }
    }

    private final Map<String, List<Holding>> holdingsBySubject;
    private final List<Segment> segments;

    private SegmentPlan(Map<String, List<Holding>> holdingsBySubject, List<Segment> segments) {
        this.holdingsBySubject = holdingsBySubject;
        this.segments = segments;
    }

    /**
     * The plan for [from, to), both on whole minutes.
     *
     * @param priceChanges instants at which a price that matters to the report changes
     * @param attributions customer id to the subjects it held when; empty when the report does not group by customer
     */
    public static SegmentPlan of(Instant from, Instant to, Collection<Instant> priceChanges,
            Map<String, List<SubjectAttribution>> attributions, int stretchesPerQuery) {
        Map<String, List<Holding>> bySubject = new HashMap<>();
        attributions.forEach((customerId, list) -> list.forEach(a -> {
            Instant start = ReportWindows.ceilToMinute(a.from());
            Instant end = ReportWindows.ceilToMinute(a.to());
            if (start.isBefore(end)) { // held for less than a minute's turn: no usage minute was its
                bySubject.computeIfAbsent(a.subject(), k -> new ArrayList<>())
                        .add(new Holding(a.subject(), customerId, start, end));
            }
        }));
        TreeSet<Instant> cuts = new TreeSet<>(List.of(from, to));
        priceChanges.forEach(i -> cuts.add(ReportWindows.ceilToMinute(i)));
        List<Instant> bounds = new ArrayList<>(cuts.subSet(from, true, to, true));
        SegmentPlan plan = new SegmentPlan(bySubject, new ArrayList<>());
        for (int i = 0; i + 1 < bounds.size(); i++) {
            plan.segments.add(plan.segment(bounds.get(i), bounds.get(i + 1), stretchesPerQuery));
        }
        return plan;
    }

    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    /** Reads of one feature over the whole range. */
    public int readsPerFeature() {
        return segments.stream().mapToInt(Segment::reads).sum();
    }

    /** The customer that held the subject over the minute starting at the instant; null when none did. */
    public String customerAt(String subject, Instant at) {
        for (Holding h : holdingsBySubject.getOrDefault(subject, List.of())) {
            if (!at.isBefore(h.from()) && at.isBefore(h.to())) {
                return h.customerId();
            }
        }
        return null;
    }

    private Segment segment(Instant from, Instant to, int stretchesPerQuery) {
        TreeMap<String, TreeSet<Instant>> changes = new TreeMap<>();
        holdingsBySubject.forEach((subject, holdings) -> holdings.forEach(h -> {
            for (Instant i : List.of(h.from(), h.to())) {
                if (i.isAfter(from) && i.isBefore(to)) {
                    changes.computeIfAbsent(subject, k -> new TreeSet<>()).add(i);
                }
            }
        }));
        List<List<Holding>> batches = new ArrayList<>();
        List<Holding> batch = new ArrayList<>();
        for (Map.Entry<String, TreeSet<Instant>> changing : changes.entrySet()) {
            List<Holding> tiled = tiled(changing.getKey(), changing.getValue(), from, to);
            if (!batch.isEmpty() && batch.size() + tiled.size() > stretchesPerQuery) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
            batch.addAll(tiled);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return new Segment(from, to, new TreeSet<>(changes.keySet()), batches);
    }

    /** The subject's holders over [from, to), cut at its changes, neighbours with the same holder joined. */
    private List<Holding> tiled(String subject, TreeSet<Instant> changes, Instant from, Instant to) {
        List<Instant> bounds = new ArrayList<>();
        bounds.add(from);
        bounds.addAll(changes);
        bounds.add(to);
        List<Holding> tiled = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            String customerId = customerAt(subject, bounds.get(i));
            Holding last = tiled.isEmpty() ? null : tiled.get(tiled.size() - 1);
            if (last != null && Objects.equals(last.customerId(), customerId)) {
                tiled.set(tiled.size() - 1, new Holding(subject, customerId, last.from(), bounds.get(i + 1)));
            } else {
                tiled.add(new Holding(subject, customerId, bounds.get(i), bounds.get(i + 1)));
            }
        }
        return tiled;
    }
}
