package dev.tollgate.meters.aggregator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys one partition has folded within the deduplication window, as Bloom filters per ingestion day, so that a
 * day's keys expire together. A filter that fills up is followed by a larger and stricter one for the same day (a
 * scalable Bloom filter, Almeida et al. 2007): the n-th filter of a day errs at 0.1 % / 2ⁿ, so all of them together
 * stay under 0.2 % however busy the day, while a quiet day costs little memory. Each false positive costs a lookup.
 */
final class SeenKeys {

    /** A day's first filter is small (118 KB), each further one four times larger, up to a million keys. */
    static final int FIRST_FILTER_KEYS = 1 << 16;
    static final int LARGEST_FILTER_KEYS = 1 << 20;
    static final double FIRST_FILTER_FALSE_POSITIVES = 0.001;
    /**
     * Past this many filters in a day (about eight million keys in a partition) the rate stops tightening, at 1 in a
     * million per filter, so that probes per key stay at most 20.
     */
    private static final int TIGHTENINGS = 10;

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
            double falsePositives = FIRST_FILTER_FALSE_POSITIVES / Math.pow(2, Math.min(TIGHTENINGS, sameDay));
            open = new Segment(day, new BloomFilter(capacity, falsePositives));
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
