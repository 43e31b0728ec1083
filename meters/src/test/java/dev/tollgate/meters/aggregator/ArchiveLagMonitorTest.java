package dev.tollgate.meters.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.ingest.api.ArchiveLag.Lag;
import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.shared.time.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArchiveLagMonitorTest {

    private final MovableClock clock = new MovableClock(Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"),
            ZoneOffset.UTC));
    private final Map<Integer, Long> ends = new HashMap<>(Map.of(0, 0L, 1, 0L));
    private final Map<Integer, Long> archived = new HashMap<>();

    private final IngestTopic topic = new IngestTopic() {
        @Override
        public String name() {
            return "events";
        }

        @Override
        public Duration lateness() {
            return Duration.ofDays(1);
        }

        @Override
        public Set<Integer> partitions(Duration timeout) {
            return ends.keySet();
        }

        @Override
        public Map<Integer, Long> endOffsets(Duration timeout) {
            return Map.copyOf(ends);
        }
    };

    private final EventArchive archive = new EventArchive() {
        @Override
        public void commit(WindowBatch batch) {
        }

        @Override
        public boolean isCommitted(String batchId) {
            return false;
        }

        @Override
        public Map<Integer, Long> committedOffsets() {
            return Map.copyOf(archived);
        }

        @Override
        public dev.tollgate.ingest.api.EncodedEvents encoder() {
            throw new UnsupportedOperationException("the lag monitor writes nothing");
        }
    };

    private final ArchiveLagMonitor monitor = new ArchiveLagMonitor(topic, archive, clock, new SimpleMeterRegistry());

    @Test
    void nothingIsKnownUntilMeasured() {
        assertThat(monitor.current()).isEmpty();
    }

    @Test
    void aCaughtUpArchiveHasNoLag() {
        ends.putAll(Map.of(0, 10L, 1, 5L));
        archived.putAll(Map.of(0, 10L, 1, 5L));

        assertThat(monitor.measure()).isEqualTo(new Lag(0, Duration.ZERO));
        assertThat(monitor.current()).contains(new Lag(0, Duration.ZERO));
    }

    @Test
    void theLagInTimeIsSinceTheTopicLastHeldOnlyWhatTheArchiveHolds() {
        ends.putAll(Map.of(0, 10L, 1, 5L));
        monitor.measure(); // t0: the topic holds 15 records
        clock.advance(Duration.ofSeconds(2));
        ends.putAll(Map.of(0, 20L, 1, 9L));
        monitor.measure(); // t0 + 2 s: 29
        clock.advance(Duration.ofSeconds(2));
        ends.putAll(Map.of(0, 25L, 1, 9L));
        archived.putAll(Map.of(0, 12L, 1, 5L)); // all of t0, part of t0 + 2 s

        Lag lag = monitor.measure();

        assertThat(lag.events()).isEqualTo(13 + 4);
        assertThat(lag.behind()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void anArchiveBehindEverySampleIsAsFarBehindAsTheOldestOne() {
        ends.putAll(Map.of(0, 10L, 1, 5L));
        monitor.measure();
        clock.advance(Duration.ofSeconds(6));

        Lag lag = monitor.measure();

        assertThat(lag).isEqualTo(new Lag(15, Duration.ofSeconds(6)));
    }

    @Test
    void aMeasurementOlderThanAMinuteIsNotShown() {
        monitor.measure();
        clock.advance(Duration.ofSeconds(61));

        assertThat(monitor.current()).isEmpty();
    }
}
