package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WindowBatchTest {

    private final WindowBatch batch = new WindowBatch();

    private static WindowKey key(String subject) {
        return new WindowKey("acme", "m1", subject, 0, List.of(), List.of());
    }

    @Test
    void newBatchIsEmpty() {
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.events()).isZero();
        assertThat(batch.nextOffsets()).isEmpty();
        assertThat(batch.windows()).isEmpty();
        assertThat(batch.ageNanos()).isZero();
    }

    @Test
    void nextOffsetIsOnePastTheFoldedOffset() {
        batch.advance(0, 41);

        assertThat(batch.nextOffsets()).isEqualTo(Map.of(0, 42L));
        assertThat(batch.isEmpty()).isFalse();
        assertThat(batch.events()).isEqualTo(1);
    }

    @Test
    void nextOffsetIsTheMaximumPlusOneWhateverTheOrder() {
        batch.advance(0, 10);
        batch.advance(0, 12);
        batch.advance(0, 11);

        assertThat(batch.nextOffsets()).containsEntry(0, 13L);
        assertThat(batch.events()).isEqualTo(3);
    }

    @Test
    void partitionsAreTrackedSeparately() {
        batch.advance(0, 5);
        batch.advance(3, 100);
        batch.advance(0, 6);

        assertThat(batch.nextOffsets()).isEqualTo(Map.of(0, 7L, 3, 101L));
    }

    @Test
    void offsetZeroAdvancesToOne() {
        batch.advance(2, 0);

        assertThat(batch.nextOffsets()).isEqualTo(Map.of(2, 1L));
    }

    @Test
    void batchIsNotEmptyEvenWhenNoMeterMatched() {
        batch.advance(0, 1);

        assertThat(batch.isEmpty()).isFalse();
        assertThat(batch.windows()).isEmpty();
        assertThat(batch.ageNanos()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void sameKeyGivesTheSameWindow() {
        WindowAccumulator first = batch.window(key("a"));
        WindowAccumulator again = batch.window(key("a"));
        WindowAccumulator other = batch.window(key("b"));

        assertThat(again).isSameAs(first);
        assertThat(other).isNotSameAs(first);
        assertThat(batch.windows()).hasSize(2);
    }

    @Test
    void windowsAloneDoNotCountAsEvents() {
        batch.window(key("a"));

        assertThat(batch.isEmpty()).isTrue();
    }

    @Test
    void everyBatchHasItsOwnId() {
        assertThat(batch.id()).isNotBlank().isNotEqualTo(new WindowBatch().id());
    }

    @Test
    void theAggregatorsBatchKeepsWindowsAndKeysButNotRecords() {
        WindowBatch windows = WindowBatch.ofWindows();
        windows.window(key("a"));
        windows.keep(record());
        windows.keepSighting(candidate());

        assertThat(windows.windows()).hasSize(1);
        assertThat(windows.sightings().size()).isEqualTo(1);
        assertThat(windows.sightings().get(0)).isEqualTo(new KeySighting(new EventKey(1, 2), 0, 7,
                LocalDate.of(2026, 1, 5)));
        assertThat(windows.records()).isNull();
        assertThat(windows.storedBytes()).isZero();
    }

    @Test
    void theArchiversBatchEncodesRecordsButKeepsNoWindows() {
        java.util.List<dev.tollgate.ingest.api.StoredEvent> encoded = new java.util.ArrayList<>();
        WindowBatch records = WindowBatch.ofRecords(new dev.tollgate.ingest.api.EncodedEvents() {
            @Override
            public void add(dev.tollgate.ingest.api.StoredEvent event) {
                encoded.add(event);
            }

            @Override
            public int count() {
                return encoded.size();
            }

            @Override
            public long bytes() {
                return encoded.stream().mapToLong(e -> e.event().length).sum();
            }

            @Override
            public void release() {
                encoded.clear();
            }
        });
        records.window(key("a")).add(java.math.BigDecimal.ONE, 0);
        records.keep(record());
        records.keepUndecided(new WindowBatch.Undecided(record(), null, true));
        records.keepUndecided(new WindowBatch.Undecided(record(), null, true));

        assertThat(records.windows()).isEmpty();
        assertThat(encoded).hasSize(1);
        assertThat(records.storedBytes()).isEqualTo(2 + 2 * (2 + 256));

        // The aggregator counted the first undecided record, not the second.
        records.settle(new boolean[] { true, false });
        assertThat(encoded).hasSize(2);
        assertThat(records.undecided()).isEmpty();
        assertThat(records.storedBytes()).isEqualTo(4);
    }

    private static dev.tollgate.ingest.api.StoredEvent record() {
        return new dev.tollgate.ingest.api.StoredEvent("acme", "e1", "s", "t", "a", java.time.Instant.EPOCH,
                java.time.Instant.EPOCH, null, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "", "events", 0,
                7, false);
    }

    private static Deduplicator.Candidate candidate() {
        return new Deduplicator.Candidate(new EventKey(1, 2), 0, 7, LocalDate.of(2026, 1, 5));
    }
}
