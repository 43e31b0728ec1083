package dev.tollgate.entitlements.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageWatermarkTest {

    private static final Duration OVERLAP = Duration.ofSeconds(10);
    private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void looksAgainOverTheOverlapUntilTheLatestWriteHasStoodThatLong() {
        AccessView.UsageWatermark watermark = new AccessView.UsageWatermark(T.minus(OVERLAP));
        assertThat(watermark.advance(T.plusSeconds(5), T.plusSeconds(6), 0, OVERLAP)).isEqualTo(T.minusSeconds(5));
        // Still the same latest write 9 s later: a write stamped before it may still become visible.
        assertThat(watermark.advance(T.plusSeconds(5), T.plusSeconds(15), 9 * SECOND, OVERLAP))
                .isEqualTo(T.minusSeconds(5));
        // After the overlap, everything up to it is in: the next look starts after it, if our clock agrees.
        assertThat(watermark.advance(null, T.plusSeconds(16), 10 * SECOND, OVERLAP)).isEqualTo(T.plusSeconds(6));
        // A newer write starts the overlap again, never moving the watermark back.
        assertThat(watermark.advance(T.plusSeconds(20), T.plusSeconds(21), 11 * SECOND, OVERLAP))
                .isEqualTo(T.plusSeconds(10));
    }

    @Test
    void aWriterClockAheadOfOursIsHeldToOurs() {
        AccessView.UsageWatermark watermark = new AccessView.UsageWatermark(T.minus(OVERLAP));
        assertThat(watermark.advance(T.plus(Duration.ofHours(1)), T, 0, OVERLAP)).isEqualTo(T.minus(OVERLAP));
        assertThat(watermark.advance(null, T.plusSeconds(11), 11 * SECOND, OVERLAP)).isEqualTo(T.plusSeconds(1));
    }

    @Test
    void withoutAnyWriteItStaysWhereItStarted() {
        AccessView.UsageWatermark watermark = new AccessView.UsageWatermark(T);
        assertThat(watermark.advance(null, T.plusSeconds(60), 60 * SECOND, OVERLAP)).isEqualTo(T);
    }
}
