package dev.tollgate.meters.clickhouse;

import dev.tollgate.meters.domain.WindowSize;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Which stored windows answer a query over [from, to). Every minute window is stored as the subject's UTC minute and
 * UTC day, and as the UTC minute, hour and day of all subjects together (meter_windows_agg), so the middle of a long
 * range is read from days and its edges from finer rows. A query that needs subjects apart (grouped or filtered by
 * subject or customer) reads the subject's rows; any other query reads the all-subject rows, which are sorted by time
 * alone, so that their edges are found by the table's index rather than by scanning every subject.
 *
 * <p>A coarse window may only be used when it cannot straddle the boundary of a result window: UTC days need a zone
 * that is UTC throughout the range, UTC hours a zone whose offsets are whole hours (not Asia/Kolkata's +05:30).
 */
record SpanPlan(List<Range> ranges) {

    static final int SPAN_MINUTE = 60;
    static final int SPAN_HOUR = 3_600;
    static final int SPAN_DAY = 86_400;
    /**
     * Change rows (V2026_12_05_15): subject '', the second an insert was written, and the subject it touched in
     * batch_id. Never a span a usage query reads.
     */
    static final int CHANGE_ROWS = 1;
    /** The spans stored per subject and for all subjects, finest first; each divides the next. */
    static final List<Integer> SUBJECT_SPANS = List.of(SPAN_MINUTE, SPAN_DAY);
    static final List<Integer> ALL_SUBJECT_SPANS = List.of(SPAN_MINUTE, SPAN_HOUR, SPAN_DAY);

    /**
     * Stored windows of one span whose start falls in [from, to); a null bound is open. {@code allSubjects} rows
     * (subject '') hold every subject's usage together.
     */
    record Range(int spanSeconds, boolean allSubjects, Instant from, Instant to) {
    }

    static SpanPlan of(Instant from, Instant to, WindowSize windowSize, ZoneId zone, boolean perSubject) {
        if (from == null || to == null) {
            // Open ranges report their first and last minute when not windowed: read minutes.
            return new SpanPlan(List.of(new Range(SPAN_MINUTE, !perSubject, from, to)));
        }
        List<Integer> spans = perSubject ? SUBJECT_SPANS : ALL_SUBJECT_SPANS;
        int coarsest = coarsestSpan(from, to, windowSize, zone, spans);
        List<Range> ranges = new ArrayList<>();
        long lo = from.getEpochSecond();
        long hi = to.getEpochSecond();
        for (int i = 0; i + 1 < spans.size() && spans.get(i) < coarsest; i++) {
            int span = spans.get(i);
            int next = spans.get(i + 1);
            long innerLo = Math.floorDiv(lo + next - 1, next) * next;
            long innerHi = Math.floorDiv(hi, next) * next;
            if (innerLo >= innerHi) {
                ranges.add(range(span, perSubject, lo, hi));
                return new SpanPlan(ranges);
            }
            if (lo < innerLo) {
                ranges.add(range(span, perSubject, lo, innerLo));
            }
            if (innerHi < hi) {
                ranges.add(range(span, perSubject, innerHi, hi));
            }
            lo = innerLo;
            hi = innerHi;
        }
        if (lo < hi) {
            ranges.add(range(coarsest, perSubject, lo, hi));
        }
        return new SpanPlan(ranges);
    }

    private static Range range(int span, boolean perSubject, long from, long to) {
        return new Range(span, !perSubject, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to));
    }

    /** The coarsest of the stored spans whose windows never straddle a result window of the query. */
    static int coarsestSpan(Instant from, Instant to, WindowSize windowSize, ZoneId zone, List<Integer> spans) {
        int wanted;
        if (windowSize == null) {
            wanted = SPAN_DAY;
        } else {
            wanted = switch (windowSize) {
                case MINUTE -> SPAN_MINUTE;
                case HOUR -> wholeHourOffsets(zone, from, to) ? SPAN_HOUR : SPAN_MINUTE;
                case DAY, MONTH -> utcThroughout(zone, from, to) ? SPAN_DAY
                        : wholeHourOffsets(zone, from, to) ? SPAN_HOUR : SPAN_MINUTE;
            };
        }
        int coarsest = SPAN_MINUTE;
        for (int span : spans) {
            if (span <= wanted && wanted % span == 0) {
                coarsest = span;
            }
        }
        return coarsest;
    }

    private static boolean utcThroughout(ZoneId zone, Instant from, Instant to) {
        return offsets(zone, from, to).stream().allMatch(o -> o.getTotalSeconds() == 0);
    }

    private static boolean wholeHourOffsets(ZoneId zone, Instant from, Instant to) {
        return offsets(zone, from, to).stream().allMatch(o -> o.getTotalSeconds() % 3600 == 0);
    }

    /** Every offset the zone has between from and to. */
    private static List<ZoneOffset> offsets(ZoneId zone, Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = new ArrayList<>();
        offsets.add(rules.getOffset(from));
        ZoneOffsetTransition t = rules.nextTransition(from);
        while (t != null && t.getInstant().isBefore(to)) {
            offsets.add(t.getOffsetAfter());
            t = rules.nextTransition(t.getInstant());
        }
        return offsets;
    }
}
