package dev.tollgate.meters.aggregator;

import dev.tollgate.ingest.api.ArchiveLag;
import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Measures the archive's lag from shared state (the topic's end offsets and the archiver's stored offsets), so any
 * process can tell it, whichever process archives. The lag in time is read from a short history of end offsets: the
 * archive is {@code behind} when it holds everything that was on the topic then and not everything that was later.
 */
@ApplicationScoped
public class ArchiveLagMonitor implements ArchiveLag {

    private static final Logger LOG = Logger.getLogger(ArchiveLagMonitor.class);
    /** End offsets are kept this long; a lag beyond it is reported as at least this. */
    static final Duration HISTORY = Duration.ofHours(1);

    private final IngestTopic topic;
    private final EventArchive archive;
    private final Clock clock;
    private final Deque<Sample> history = new ArrayDeque<>();
    private volatile Measured last;

    private record Sample(Instant at, Map<Integer, Long> ends) {
    }

    private record Measured(Instant at, Lag lag) {
    }

    ArchiveLagMonitor(IngestTopic topic, EventArchive archive, Clock clock, MeterRegistry registry) {
        this.topic = topic;
        this.archive = archive;
        this.clock = clock;
        Gauge.builder("tollgate.archive.lag", this, m -> m.current().map(l -> (double) l.events()).orElse(-1.0))
                .description("Ingested events not yet in the raw event archive (-1 until measured)")
                .baseUnit("events").register(registry);
        Gauge.builder("tollgate.archive.lag.seconds", this,
                m -> m.current().map(l -> l.behind().toMillis() / 1000.0).orElse(-1.0))
                .description("How long ago the topic last held only what the archive holds now (-1 until measured)")
                .baseUnit("seconds").register(registry);
    }

    @Override
    public Optional<Lag> current() {
        Measured measured = last;
        // A measurement older than a minute says nothing about now.
        if (measured == null || Duration.between(measured.at(), clock.instant()).compareTo(Duration.ofMinutes(1)) > 0) {
            return Optional.empty();
        }
        return Optional.of(measured.lag());
    }

    /** Measures now: the end offsets first, then what is archived, so that the lag is never understated. */
    public synchronized Lag measure() {
        Instant now = clock.instant();
        Map<Integer, Long> ends = topic.endOffsets(Duration.ofSeconds(5));
        Map<Integer, Long> archived = archive.committedOffsets();
        history.addLast(new Sample(now, ends));
        while (history.size() > 1 && history.peekFirst().at().isBefore(now.minus(HISTORY))) {
            history.removeFirst();
        }
        long events = 0;
        for (var end : ends.entrySet()) {
            events += Math.max(0, end.getValue() - archived.getOrDefault(end.getKey(), 0L));
        }
        Duration behind = Duration.ZERO;
        if (events > 0) {
            Instant heldAt = null;
            for (Sample sample : history) {
                if (holds(archived, sample.ends())) {
                    heldAt = sample.at();
                }
            }
            behind = heldAt == null ? Duration.between(history.peekFirst().at(), now)
                    : Duration.between(heldAt, now);
        }
        Lag lag = new Lag(events, behind);
        last = new Measured(now, lag);
        return lag;
    }

    private static boolean holds(Map<Integer, Long> archived, Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> archived.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    @AwaitedOnShutdown
    @Scheduled(every = "${tollgate.archive.lag-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void measureQuietly() {
        try {
            measure();
        } catch (RuntimeException e) {
            LOG.debugf("could not measure the archive's lag: %s", e.getMessage());
        }
    }
}
