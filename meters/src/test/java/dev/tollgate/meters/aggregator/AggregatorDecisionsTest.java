package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AggregatorDecisionsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    private static final EventKey A = EventKey.of("default", "kong", "a");
    private static final EventKey B = EventKey.of("default", "kong", "b");

    /** The aggregator's window store: the keys it stored where it counted them, and its committed offsets. */
    private final List<KeySighting> keys = new ArrayList<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    private int lookups;
    private final WindowStore aggregator = new WindowStore() {
        @Override
        public Map<String, Map<Integer, Long>> activations(Collection<Integer> partitions) {
            return Map.of();
        }

        @Override
        public EventKeyStore eventKeys() {
            return new EventKeyStore() {
                @Override
                public List<KeySighting> find(Collection<EventKey> wanted, LocalDate since) {
                    lookups++;
                    return keys.stream().filter(s -> wanted.contains(s.key()) && !s.day().isBefore(since)).toList();
                }

                @Override
                public void forEachInPartition(int partition, LocalDate since, Consumer<KeySighting> sink) {
                    keys.stream().filter(s -> s.partition() == partition).forEach(sink);
                }
            };
        }

        @Override
        public void commit(WindowBatch batch) {
        }

        @Override
        public boolean isCommitted(String batchId) {
            return false;
        }

        @Override
        public Map<Integer, Long> committedOffsets() {
            return committed;
        }
    };
    private final AggregatorDecisions decisions = new AggregatorDecisions(aggregator);

    @Test
    void aBatchIsCoveredOnceTheAggregatorCommittedEveryPartitionOfItThatFar() {
        committed.put(0, 100L);
        committed.put(1, 40L);

        assertThat(decisions.cover(Map.of(0, 100L, 1, 40L))).isTrue();
        assertThat(decisions.cover(Map.of(0, 100L, 1, 41L))).isFalse();
        assertThat(decisions.cover(Map.of(2, 1L))).as("a partition the aggregator never committed").isFalse();
        assertThat(decisions.cover(Map.of())).isTrue();
    }

    @Test
    void aRecordCountsOnlyIfTheAggregatorStoredItsKeyAtItsOwnPosition() {
        keys.add(new KeySighting(A, 0, 10, DAY));
        keys.add(new KeySighting(B, 1, 7, DAY));

        boolean[] counted = decisions.counted(List.of(candidate(A, 0, 10), candidate(A, 0, 12),
                candidate(B, 0, 7), candidate(B, 1, 7)));

        // A at 12 repeats A at 10; B on partition 0 at 7 is not where B was counted.
        assertThat(counted).containsExactly(true, false, false, true);
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void nothingToDecideCostsNoLookup() {
        assertThat(decisions.counted(List.of())).isEmpty();
        assertThat(lookups).isZero();
    }

    private static Deduplicator.Candidate candidate(EventKey key, int partition, long offset) {
        return new Deduplicator.Candidate(key, partition, offset, DAY);
    }
}
