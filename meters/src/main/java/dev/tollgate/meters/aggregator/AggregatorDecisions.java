package dev.tollgate.meters.aggregator;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the aggregator decided about the records it has committed, for the archiver. The archiver archives a record
 * only once the aggregator has committed it, and takes the aggregator's decision on every record that its own filters
 * cannot clear. So the archive holds exactly the events the meters count, and the archiver stores no event keys of its
 * own: those doubled the key rows ClickHouse took per event (docs/performance.md).
 */
final class AggregatorDecisions {

    /** Where a key was stored. */
    private record Position(EventKey key, int partition, long offset) {
    }

    private final WindowStore aggregator;

    AggregatorDecisions(WindowStore aggregator) {
        this.aggregator = aggregator;
    }

    /** Whether the aggregator has committed every record before these next offsets. */
    boolean cover(Map<Integer, Long> nextOffsets) {
        Map<Integer, Long> committed = aggregator.committedOffsets();
        return nextOffsets.entrySet().stream()
                .allMatch(next -> committed.getOrDefault(next.getKey(), 0L) >= next.getValue());
    }

    /**
     * Which of these records, all committed by the aggregator, it counted: those whose key it stored at their own
     * position. A record it found to repeat an event left no key there. One lookup for all of them.
     */
    boolean[] counted(List<Deduplicator.Candidate> records) {
        boolean[] counted = new boolean[records.size()];
        if (records.isEmpty()) {
            return counted;
        }
        // The aggregator stored each key under the day its record was ingested, the same day the candidate carries.
        LocalDate since = records.stream().map(Deduplicator.Candidate::day).min(Comparator.naturalOrder())
                .orElseThrow();
        Set<Position> stored = new HashSet<>();
        List<EventKey> keys = records.stream().map(Deduplicator.Candidate::key).distinct().toList();
        for (KeySighting s : aggregator.eventKeys().find(keys, since)) {
            stored.add(new Position(s.key(), s.partition(), s.offset()));
        }
        for (int i = 0; i < counted.length; i++) {
            Deduplicator.Candidate r = records.get(i);
            counted[i] = stored.contains(new Position(r.key(), r.partition(), r.offset()));
        }
        return counted;
    }
}
