package dev.tollgate.meters.api;

import dev.tollgate.ingest.api.SubjectAttribution;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage by customer, for billing: a meter's aggregate over each customer's subjects while they were the customer's.
 * Both bounds move to the start of their minute, as in every usage query, so adjacent periods share out every minute
 * exactly once.
 */
public interface MeterUsage {

    /**
     * One usage question: a meter, the group values usage must have (key to exact value), and a range.
     *
     * @param groupFilters a feature's {@code meterGroupByFilters}
     */
    record Selection(String namespace, String meterSlug, Map<String, String> groupFilters, Instant from, Instant to) {
    }

    /** The value of one window of a customer's usage. */
    record Window(Instant from, Instant to, BigDecimal value) {
    }

    /**
     * One subject's usage for one combination of group values in one window.
     *
     * @param groups each group key asked for to its value; null where the usage has none or the meter lacks the key
     */
    record SubjectUsage(Instant from, Instant to, String subject, Map<String, String> groups, BigDecimal value) {
    }

    /**
     * One subject's usage for one combination of group values in one window, while one holder had the subject.
     *
     * @param holder the label of the stretches the usage fell in (see {@link #bySubjectHolderAndGroup})
     * @param groups each group key asked for to its value; null where the usage has none or the meter lacks the key
     */
    record HeldUsage(Instant from, Instant to, String subject, String holder, Map<String, String> groups,
            BigDecimal value) {
    }

    /**
     * Stretches {@link #bySubjectHolderAndGroup} reads in one ClickHouse query: each stretch is a condition of its own
     * in the query's text, which ClickHouse caps at 256 KiB, so more are read in more queries.
     */
    int STRETCHES_PER_QUERY = 100;

    /**
     * Which subjects' usage was written since an instant.
     *
     * @param bySubject what was written for each subject
     * @param latestWrite the latest write among them, by the writer's clock; null when there are none
     */
    record Changes(Map<String, SubjectChange> bySubject, Instant latestWrite) {

        public Set<String> subjects() {
            return bySubject.keySet();
        }
    }

    /**
     * What was written for one subject since the instant asked about. Asked again from the same instant, an equal
     * change means nothing more was written: a reader that keeps the last change it took in need not read again.
     *
     * @param earliestUsage the earliest usage minute written, so that a reader can tell usage for minutes it already
     *     read (late events, backfills) from new usage
     * @param lastWritten the subject's latest write, to the second, by the writer's clock
     * @param events how many events those writes folded in, which tells two writes in the same second apart
     */
    record SubjectChange(Instant earliestUsage, Instant lastWritten, long events) {
    }

    /**
     * Each customer's aggregate over the range, by customer id; a customer without usage answers zero. Asked for many
     * customers at once, it reads ClickHouse a few hundred customers per query.
     *
     * @param attributions customer id to which subjects were its when; stretches outside the range are clipped
     * @throws java.util.NoSuchElementException when the namespace has no live meter with the slug
     */
    Map<String, BigDecimal> totals(Selection selection, Map<String, List<SubjectAttribution>> attributions);

    /**
     * Every subject's aggregate over the range, subjects without usage left out: one query for the whole meter, for
     * views that keep many customers' usage at once.
     */
    Map<String, BigDecimal> bySubject(Selection selection);

    /** The same for the named subjects only, however many: those without usage are left out. */
    Map<String, BigDecimal> bySubject(Selection selection, Collection<String> subjects);

    /**
     * Per meter, the subjects whose usage was written (by the aggregator or a backfill, in any process) at or after the
     * instant, in one ClickHouse query for all the meters. Readers that keep usage in memory re-read only these; the
     * instant is the writer's clock, so ask with some overlap.
     *
     * @return by slug; a slug that names no live meter of the namespace is left out
     */
    Map<String, Changes> changes(String namespace, Collection<String> meterSlugs, Instant writtenFrom);

    /** One customer's usage per UTC day of the range, days without usage left out. */
    default List<Window> days(Selection selection, List<SubjectAttribution> attributions) {
        return windows(selection, attributions, "DAY", ZoneId.of("UTC"));
    }

    /**
     * One customer's usage per window of the range, windows without usage left out; the first and last windows are cut
     * to the range.
     *
     * @param windowSize MINUTE, HOUR, DAY or MONTH; DAY and MONTH follow the zone's calendar
     */
    List<Window> windows(Selection selection, List<SubjectAttribution> attributions, String windowSize,
            ZoneId zone);

    /**
     * Every subject's usage per window and combination of the group keys, rows without usage left out, in one query;
     * the first and last windows are cut to the range, whose bounds move to the start of their minute. For reports
     * that attribute subjects and price group values themselves (finance's showback).
     *
     * @param windowSize MINUTE, HOUR, DAY or MONTH (DAY and MONTH follow the zone's calendar), or null for one
     *     window over the whole range
     * @throws java.util.NoSuchElementException when the namespace has no live meter with the slug
     */
    List<SubjectUsage> bySubjectAndGroup(Selection selection, List<String> groupKeys, String windowSize,
            ZoneId zone);

    /**
     * All subjects' usage together per window and combination of the group keys, rows without usage left out, in one
     * query over the rows that hold every subject at once (an hour or a day is one row per group, not one per subject):
     * for reports that do not tell customers apart. The subject of each row is the empty string. Windows, bounds and
     * errors as for {@link #bySubjectAndGroup}.
     */
    List<SubjectUsage> byGroup(Selection selection, List<String> groupKeys, String windowSize, ZoneId zone);

    /**
     * The named subjects' usage per window, subject, holder and combination of the group keys, each minute under the
     * holder whose stretch holds it, minutes outside every stretch and rows without usage left out: for reports whose
     * subjects change hands within the range, so that each of those subjects is cut only where it changes hands
     * (finance's showback reads the others with {@link #bySubjectAndGroup}). One query per
     * {@link #STRETCHES_PER_QUERY} stretches, a subject's stretches always in the same query; the first and last
     * windows are cut to the range, whose bounds move to the start of their minute.
     *
     * @param holders a label (a customer id, or any other text, the empty one included) to the stretches of subjects it
     *     held; stretches start and end on whole minutes, and one subject's do not overlap
     * @param windowSize as for {@link #bySubjectAndGroup}
     * @throws java.util.NoSuchElementException when the namespace has no live meter with the slug
     */
    List<HeldUsage> bySubjectHolderAndGroup(Selection selection, Map<String, List<SubjectAttribution>> holders,
            List<String> groupKeys, String windowSize, ZoneId zone);
}
