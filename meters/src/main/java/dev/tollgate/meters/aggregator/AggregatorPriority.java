package dev.tollgate.meters.aggregator;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Meters come before the archive. Under a burst beyond what the machine can fold and archive at once, the archiver
 * holds each write while the aggregator is more than a threshold of events behind the topic, for at most a bound per
 * batch, so that its reading and its ClickHouse inserts (the larger share of ClickHouse's work) leave the cores to the
 * aggregator. Under load the machine keeps up with, the aggregator stays far below the threshold and the archiver never
 * waits; after a burst it writes again at once. The bound keeps the archive moving through a long one.
 */
final class AggregatorPriority {

    private static final Logger LOG = Logger.getLogger(AggregatorPriority.class);
    /** The lag is measured at most this often (two ClickHouse and Kafka round trips). */
    private static final long MEASURE_EVERY_NANOS = Duration.ofMillis(500).toNanos();

    private final Callable<Long> aggregatorLag;
    private final long threshold;
    private final long atMostNanos;
    private final LongSupplier nanoTime;
    /** Told once for each batch held, for the metric {@code tollgate_archive_holds_total}. */
    private final Runnable onHold;
    private long lastHeldReadySince = Long.MIN_VALUE;
    private long measuredAt;
    private long lastLag;
    private boolean measured;

    /**
     * @param aggregatorLag events the aggregator has not yet stored, behind the topic's end
     * @param threshold     holding starts above this lag; 0 never holds
     * @param atMost        longest a batch is held
     * @param onHold        told once for each batch held
     */
    AggregatorPriority(Callable<Long> aggregatorLag, long threshold, Duration atMost, LongSupplier nanoTime,
            Runnable onHold) {
        this.aggregatorLag = aggregatorLag;
        this.threshold = threshold;
        this.atMostNanos = atMost.toNanos();
        this.nanoTime = nanoTime;
        this.onHold = onHold;
    }

    /** Whether a batch ready since {@code readySince} (nanoTime) waits a little longer for the aggregator. */
    boolean holds(long readySince) {
        if (threshold <= 0 || nanoTime.getAsLong() - readySince >= atMostNanos) {
            return false;
        }
        if (lag() <= threshold) {
            return false;
        }
        if (readySince != lastHeldReadySince) {
            lastHeldReadySince = readySince;
            onHold.run();
        }
        return true;
    }

    /** Called by the archiver's writer thread only. */
    private long lag() {
        long now = nanoTime.getAsLong();
        if (!measured || now - measuredAt >= MEASURE_EVERY_NANOS) {
            measuredAt = now;
            measured = true;
            try {
                lastLag = aggregatorLag.call();
            } catch (Exception e) {
                // Unknown lag: never hold the archive on a guess.
                LOG.debugf("could not measure the aggregator's lag: %s", e.getMessage());
                lastLag = 0;
            }
        }
        return lastLag;
    }
}
