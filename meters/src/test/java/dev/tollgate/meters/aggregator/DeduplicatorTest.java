package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    /** An in-memory {@link EventKeyStore}, with the committed offsets a window store would report. */
    private final List<KeySighting> stored = new ArrayList<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    private int lookups;
    private final EventKeyStore store = new EventKeyStore() {
        @Override
        public List<KeySighting> find(Collection<EventKey> keys, LocalDate since) {
            lookups++;
            return stored.stream().filter(s -> keys.contains(s.key()) && !s.day().isBefore(since)).toList();
        }

        @Override
        public void forEachInPartition(int partition, LocalDate since, Consumer<KeySighting> sink) {
            stored.stream().filter(s -> s.partition() == partition && !s.day().isBefore(since)).forEach(sink);
        }
    };
    private final Deduplicator dedup = new Deduplicator(store, () -> committed, Duration.ofDays(32), CLOCK);

    private static final EventKey A = EventKey.of("default", "kong", "a");
    private static final EventKey B = EventKey.of("default", "kong", "b");

    @Test
    void newKeysAreNotDuplicatesAndCostNoLookup() {
        assertThat(decide(candidate(A, 0, 10), candidate(B, 0, 11))).containsExactly(false, false);
        assertThat(lookups).isZero();
    }

    @Test
    void aRepeatInTheSameBatchIsADuplicate() {
        assertThat(decide(candidate(A, 0, 10), candidate(A, 0, 11))).containsExactly(false, true);
    }

    @Test
    void aRepeatInALaterBatchIsADuplicateOnceTheFirstIsCommitted() {
        decide(candidate(A, 0, 10));
        write(candidate(A, 0, 10), 11);

        assertThat(decide(candidate(A, 0, 42))).containsExactly(true);
    }

    @Test
    void aRecordReadAgainAfterItsWriteFailedIsCountedNotDropped() {
        // The first attempt wrote the key at offset 10, then died before its windows (offset still 10).
        stored.add(sighting(candidate(A, 0, 10)));
        committed.put(0, 10L);
        dedup.load(0, 10);

        // The filters skip a key stored at or after the offset resumed from...
        assertThat(decide(candidate(A, 0, 10))).containsExactly(false);
        assertThat(lookups).isZero();
        // ...and the look-up, should a filter hold it anyway, finds the record's own sighting and does not count it.
        Deduplicator unloaded = new Deduplicator(store, () -> committed, Duration.ofDays(32), CLOCK);
        assertThat(unloaded.resolve(List.of(candidate(A, 0, 10)))).containsExactly(false);
    }

    @Test
    void aSightingFromAnUncommittedBatchDoesNotMakeALaterCopyADuplicate() {
        // Offset 12 carried A in a batch that was never committed; the record at 10 was not there.
        stored.add(sighting(candidate(A, 0, 12)));
        committed.put(0, 10L);
        dedup.load(0, 10);

        assertThat(decide(candidate(A, 0, 10), candidate(A, 0, 12))).containsExactly(false, true);
    }

    @Test
    void keysSurviveARestartThroughTheStore() {
        stored.add(sighting(candidate(A, 1, 5)));
        committed.put(1, 6L);
        Deduplicator restarted = new Deduplicator(store, () -> committed, Duration.ofDays(32), CLOCK);
        restarted.load(1, 6);

        assertThat(restarted.duplicates(List.of(candidate(A, 1, 7), candidate(B, 1, 8))))
                .containsExactly(true, false);
    }

    @Test
    void unsureRecordsWaitForOneLookupAtTheEndOfTheBatchAndKeepTheirOrder() {
        stored.add(sighting(candidate(A, 0, 5)));
        committed.put(0, 6L);
        dedup.load(0, 6);

        // A is in the filter: each poll only screens, however many polls the batch takes.
        assertThat(dedup.screen(List.of(candidate(A, 0, 7), candidate(B, 0, 8))))
                .containsExactly(Deduplicator.Verdict.UNSURE, Deduplicator.Verdict.NEW);
        assertThat(dedup.screen(List.of(candidate(A, 0, 9), candidate(B, 0, 10))))
                .containsExactly(Deduplicator.Verdict.UNSURE, Deduplicator.Verdict.DUPLICATE);
        assertThat(lookups).isZero();

        assertThat(dedup.resolve(List.of(candidate(A, 0, 7), candidate(A, 0, 9)))).containsExactly(true, true);
        assertThat(lookups).isEqualTo(1);
    }

    @Test
    void ofTwoUnsureCopiesOfANewKeyTheFirstIsFoldedAndTheSecondIsADuplicate() {
        stored.add(sighting(candidate(A, 0, 20))); // written by a batch that was never committed
        committed.put(0, 10L);
        // As if the filters held it: a false positive, or a batch that was dropped after it was screened.
        dedup.load(0, Long.MAX_VALUE);

        assertThat(dedup.screen(List.of(candidate(A, 0, 10), candidate(A, 0, 11))))
                .containsExactly(Deduplicator.Verdict.UNSURE, Deduplicator.Verdict.UNSURE);
        assertThat(dedup.resolve(List.of(candidate(A, 0, 10), candidate(A, 0, 11)))).containsExactly(false, true);
    }

    @Test
    void sightingsOlderThanTheWindowAreForgotten() {
        stored.add(new KeySighting(A, 0, 1, TODAY.minusDays(40)));
        committed.put(0, 2L);
        dedup.load(0, 2);

        assertThat(decide(candidate(A, 0, 3))).containsExactly(false);
    }

    @Test
    void aDroppedBatchForgetsItsKeys() {
        decide(candidate(A, 0, 10));
        dedup.batchEnded();

        assertThat(decide(candidate(A, 0, 10))).containsExactly(false);
    }

    @Test
    void waitsForTheStoreInsteadOfFailingWhenItIsAway() {
        stored.add(sighting(candidate(A, 0, 10)));
        committed.put(0, 11L);
        int[] failuresLeft = { 2 };
        EventKeyStore flaky = new EventKeyStore() {
            @Override
            public List<KeySighting> find(Collection<EventKey> keys, LocalDate since) {
                if (failuresLeft[0]-- > 0) {
                    throw new IllegalStateException("ClickHouse is away");
                }
                return store.find(keys, since);
            }

            @Override
            public void forEachInPartition(int partition, LocalDate since, Consumer<KeySighting> sink) {
                store.forEachInPartition(partition, since, sink);
            }
        };
        Deduplicator patient = new Deduplicator(flaky, () -> committed, Duration.ofDays(32), CLOCK);
        patient.load(0, 11);

        assertThat(patient.duplicates(List.of(candidate(A, 0, 42)))).containsExactly(true);
        assertThat(failuresLeft[0]).isNegative();
    }

    private boolean[] decide(Deduplicator.Candidate... candidates) {
        return dedup.duplicates(List.of(candidates));
    }

    /** What a successful flush does: the key is stored and the partition's offset moves past it. */
    private void write(Deduplicator.Candidate candidate, long nextOffset) {
        stored.add(sighting(candidate));
        committed.put(candidate.partition(), nextOffset);
        dedup.batchEnded();
    }

    private static Deduplicator.Candidate candidate(EventKey key, int partition, long offset) {
        return new Deduplicator.Candidate(key, partition, offset, TODAY);
    }

    /** What the aggregator stores for a candidate it counted. */
    private static KeySighting sighting(Deduplicator.Candidate counted) {
        return new KeySighting(counted.key(), counted.partition(), counted.offset(), counted.day());
    }
}
