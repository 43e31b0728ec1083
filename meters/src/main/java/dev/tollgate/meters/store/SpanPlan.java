package dev.tollgate.meters.store;

import dev.tollgate.meters.domain.WindowSize;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Which stored windows answer a query over [from, to). Every minute window is rolled up into its UTC hour and UTC day
 * as well (meter_windows_agg), so the middle of a long range is read from days, its edges from hours and minutes. A
 * coarse window may only be used when it cannot straddle the boundary of a result window: UTC days need a zone that is
 * UTC throughout the range, UTC hours a zone whose offsets are whole hours (not Asia/Kolkata's +05:30).
 */
record SpanPlan(List<Range> ranges) {

    static final int SPAN_MINUTE = 60;
    static final int SPAN_HOUR = 3_600;
    static final int SPAN_DAY = 86_400;
    /** The stored spans, finest first; each divides the next. */
    static final List<Integer> SPANS = List.of(SPAN_MINUTE, SPAN_HOUR, SPAN_DAY);

    /** Stored windows of one span whose start falls in [from, to); a null bound is open. */
    record Range(int spanSeconds, Instant from, Instant to) {
    }

    static SpanPlan of(Instant from, Instant to, WindowSize windowSize, ZoneId zone) {
        if (from == null || to == null) {
            // Open ranges report their first and last minute when not windowed: read minutes.
            return new SpanPlan(List.of(new Range(SPAN_MINUTE, from, to)));
        }
        int coarsest = coarsestSpan(from, to, windowSize, zone);
        List<Range> ranges = new ArrayList<>();
        long lo = from.getEpochSecond();
        long hi = to.getEpochSecond();
        for (int i = 0; i + 1 < SPANS.size() && SPANS.get(i) < coarsest; i++) {
            int span = SPANS.get(i);
            int next = SPANS.get(i + 1);
            long innerLo = Math.floorDiv(lo + next - 1, next) * next;
            long innerHi = Math.floorDiv(hi, next) * next;
            if (innerLo >= innerHi) {
                ranges.add(range(span, lo, hi));
                return new SpanPlan(ranges);
            }
            if (lo < innerLo) {
                ranges.add(range(span, lo, innerLo));
            }
            if (innerHi < hi) {
                ranges.add(range(span, innerHi, hi));
            }
            lo = innerLo;
            hi = innerHi;
        }
        if (lo < hi) {
            ranges.add(range(coarsest, lo, hi));
        }
        return new SpanPlan(ranges);
    }

    private static Range range(int span, long from, long to) {
        return new Range(span, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to));
    }

    static int coarsestSpan(Instant from, Instant to, WindowSize windowSize, ZoneId zone) {
        if (windowSize == null) {
            return SPAN_DAY;
        }
        return switch (windowSize) {
            case MINUTE -> SPAN_MINUTE;
            case HOUR -> wholeHourOffsets(zone, from, to) ? SPAN_HOUR : SPAN_MINUTE;
            case DAY, MONTH -> utcThroughout(zone, from, to) ? SPAN_DAY
                    : wholeHourOffsets(zone, from, to) ? SPAN_HOUR : SPAN_MINUTE;
        };
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
