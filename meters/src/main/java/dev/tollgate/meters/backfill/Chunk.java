package dev.tollgate.meters.backfill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Consecutive hours of event time that a backfill folds and writes as one. Chunks are cut from the per-hour counts
 * alone, which never change for a backfill's selection, so a resumed backfill cuts the same chunks with the same ids.
 */
record Chunk(Instant from, Instant to, int hours, long events) {

    private static final long HOUR_SECONDS = 3600;

    String id() {
        return from.getEpochSecond() + "-" + to.getEpochSecond();
    }

    /** Cuts the hours into chunks of at most {@code maxEvents} events, except that an hour is never split. */
    static List<Chunk> of(SortedMap<Instant, Long> eventsPerHour, long maxEvents) {
        List<Chunk> chunks = new ArrayList<>();
        Instant from = null;
        Instant last = null;
        int hours = 0;
        long events = 0;
        for (Map.Entry<Instant, Long> hour : eventsPerHour.entrySet()) {
            if (from != null && events + hour.getValue() > maxEvents) {
                chunks.add(new Chunk(from, last.plusSeconds(HOUR_SECONDS), hours, events));
                from = null;
            }
            if (from == null) {
                from = hour.getKey();
                hours = 0;
                events = 0;
            }
            last = hour.getKey();
            hours++;
            events += hour.getValue();
        }
        if (from != null) {
            chunks.add(new Chunk(from, last.plusSeconds(HOUR_SECONDS), hours, events));
        }
        return chunks;
    }
}
