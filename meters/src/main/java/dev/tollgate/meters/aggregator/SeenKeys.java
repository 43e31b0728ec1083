package dev.tollgate.meters.aggregator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys one partition has folded within the deduplication window, as Bloom filters per ingestion day, so that a
 * day's keys expire together. A filter that fills up is followed by a larger one for the same day, which keeps the
 * false-positive rate near 1 % however busy the day while a quiet day costs little memory.
 */
final class SeenKeys {

    /** A day's first filter is small (80 KB), each further one four times larger, up to a million keys. */
    static final int FIRST_FILTER_KEYS = 1 << 16;
    static final int LARGEST_FILTER_KEYS = 1 << 20;

    private record Segment(LocalDate day, BloomFilter filter) {
    }

    private final List<Segment> segments = new ArrayList<>();

    void add(EventKey key, LocalDate day) {
        Segment open = null;
        int sameDay = 0;
        for (Segment segment : segments) {
            if (segment.day().equals(day)) {
                sameDay++;
                if (!segment.filter().isFull()) {
                    open = segment;
                }
            }
        }
        if (open == null) {
            int capacity = (int) Math.min(LARGEST_FILTER_KEYS, (long) FIRST_FILTER_KEYS << Math.min(8, 2 * sameDay));
            open = new Segment(day, new BloomFilter(capacity));
            segments.add(open);
        }
        open.filter().add(key);
    }

    boolean mightContain(EventKey key) {
        for (Segment segment : segments) {
            if (segment.filter().mightContain(key)) {
                return true;
            }
        }
        return false;
    }

    void expireBefore(LocalDate oldestDay) {
        segments.removeIf(segment -> segment.day().isBefore(oldestDay));
    }
}
