package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySightingsTest {

    @Test
    void keepsEverySightingInOrderPastItsFirstCapacity() {
        KeySightings sightings = new KeySightings();
        List<KeySighting> expected = new ArrayList<>();
        LocalDate day = LocalDate.of(2026, 12, 31);
        for (int i = 0; i < 5_000; i++) {
            KeySighting sighting = new KeySighting(new EventKey(-i, i * 31L), i % 3, 1_000L + i, day.plusDays(i / 2_000));
            sightings.add(sighting.key(), sighting.partition(), sighting.offset(), sighting.day());
            expected.add(sighting);
        }

        assertThat(sightings.size()).isEqualTo(5_000);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(sightings.get(i)).isEqualTo(expected.get(i));
            assertThat(sightings.epochDay(i)).isEqualTo(expected.get(i).day().toEpochDay());
        }
    }

    @Test
    void refusesIndicesPastTheEnd() {
        KeySightings sightings = new KeySightings();
        sightings.add(new EventKey(1, 2), 0, 0, LocalDate.EPOCH);

        assertThat(sightings.isEmpty()).isFalse();
        assertThatThrownBy(() -> sightings.keyHi(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
