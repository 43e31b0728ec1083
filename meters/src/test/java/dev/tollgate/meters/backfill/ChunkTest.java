package dev.tollgate.meters.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChunkTest {

    private static final Instant H0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant hour(int n) {
        return H0.plusSeconds(3600L * n);
    }

    @Test
    void hoursAreGroupedUpToTheEventLimit() {
        SortedMap<Instant, Long> hours = new TreeMap<>();
        hours.put(hour(0), 40L);
        hours.put(hour(1), 50L);
        hours.put(hour(5), 30L);
        hours.put(hour(6), 100L);

        List<Chunk> chunks = Chunk.of(hours, 100);

        assertThat(chunks).containsExactly(
                new Chunk(hour(0), hour(2), 2, 90),
                new Chunk(hour(5), hour(6), 1, 30),
                new Chunk(hour(6), hour(7), 1, 100));
    }

    @Test
    void anHourLargerThanTheLimitIsOneChunk() {
        SortedMap<Instant, Long> hours = new TreeMap<>();
        hours.put(hour(3), 500L);

        assertThat(Chunk.of(hours, 100)).containsExactly(new Chunk(hour(3), hour(4), 1, 500));
    }

    @Test
    void noHoursNoChunks() {
        assertThat(Chunk.of(new TreeMap<>(), 100)).isEmpty();
    }

    @Test
    void theSameCountsGiveTheSameChunkIds() {
        SortedMap<Instant, Long> hours = new TreeMap<>();
        for (int i = 0; i < 50; i++) {
            hours.put(hour(i * 2), (long) (i % 7) * 10);
        }

        assertThat(Chunk.of(hours, 60).stream().map(Chunk::id).toList())
                .isEqualTo(Chunk.of(new TreeMap<>(hours), 60).stream().map(Chunk::id).toList());
    }
}
