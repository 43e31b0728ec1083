package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
}
