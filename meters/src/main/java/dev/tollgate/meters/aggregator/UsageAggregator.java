package dev.tollgate.meters.aggregator;

import dev.tollgate.ingest.stream.IngestTopicCodec;
import dev.tollgate.ingest.stream.IngestedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Folds the ingest topic into per-minute meter windows and writes them to the {@link WindowStore} in batches.
 *
 * <p>Exactly once without Kafka commits: each batch's windows and the offsets they cover are written in one atomic
 * insert, and on (re)assignment each partition resumes from the offsets stored with the windows. Kafka's own committed
 * offsets are never used. Records at offsets already folded (re-deliveries after a seek) are skipped.
 */
@ApplicationScoped
public class UsageAggregator {

    private static final Logger LOG = Logger.getLogger(UsageAggregator.class);
    private static final long RETRY_MILLIS = 1_000;

    private final MeterLookup meters;
    private final WindowStore store;
    private final AggregatorConfig config;
    private final IngestTopicCodec codec;
    private final Counter folded;
    private final Counter unmatched;
    private final Counter undecodable;
    private final ReentrantLock lock = new ReentrantLock();
    /** Next offset to fold, per partition this instance owns; a partition not in the map is not ours. */
    private final Map<Integer, Long> positions = new HashMap<>();
    private WindowBatch pending = new WindowBatch();
    private volatile boolean stopping;

    UsageAggregator(MeterLookup meters, WindowStore store, AggregatorConfig config,
            com.fasterxml.jackson.databind.ObjectMapper json, MeterRegistry registry) {
        this.meters = meters;
        this.store = store;
        this.config = config;
        this.codec = new IngestTopicCodec(json);
        this.folded = registry.counter("tollgate.aggregator.events", "outcome", "folded");
        this.unmatched = registry.counter("tollgate.aggregator.events", "outcome", "no_meter");
        this.undecodable = registry.counter("tollgate.aggregator.events", "outcome", "undecodable");
    }

    /** One last write on the way down; if it fails, the next owner folds those events again from Kafka. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        lock.lock();
        try {
            if (!pending.isEmpty()) {
                store.commit(pending);
                pending = new WindowBatch();
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not write the last windows on shutdown; they will be folded again: %s", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    @Incoming("events-in")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> records) {
        lock.lock();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                Long next = positions.get(record.partition());
                if (next == null || record.offset() < next) {
                    continue;
                }
                positions.put(record.partition(), record.offset() + 1);
                fold(record);
                pending.advance(record.partition(), record.offset());
            }
            if (pending.windows().size() >= config.maxBufferedRows()) {
                flush();
            }
        } finally {
            lock.unlock();
        }
    }

    private void fold(ConsumerRecord<String, byte[]> record) {
        IngestedEvent event;
        List<CompiledMeter> candidates;
        try {
            event = codec.decode(record.value(), record.timestamp(), record.headers());
            event.time();
            candidates = meters.meters(event.namespace(), event.type());
        } catch (IOException | RuntimeException e) {
            undecodable.increment();
            LOG.warnf("skipping undecodable record at partition %d offset %d: %s", record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        int taken = UsageFolder.fold(event, candidates, pending);
        (taken > 0 ? folded : unmatched).increment();
    }

    /** Partitions were assigned, with the offsets to resume from (0 when nothing was stored yet). */
    void assigned(Map<Integer, Long> resumeFrom) {
        lock.lock();
        try {
            positions.putAll(resumeFrom);
        } finally {
            lock.unlock();
        }
    }

    /** Partitions are being taken away: write what was folded from them before another instance resumes them. */
    void revoked(Iterable<Integer> partitions) {
        lock.lock();
        try {
            flush();
            partitions.forEach(positions::remove);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Partitions were lost without a clean hand-over, so another instance may already fold them: drop everything not
     * yet written, and report where the partitions still owned must rewind to.
     */
    Map<Integer, Long> lost(Iterable<Integer> partitions) {
        lock.lock();
        try {
            partitions.forEach(positions::remove);
            pending = new WindowBatch();
            Map<Integer, Long> committed = store.committedOffsets();
            Map<Integer, Long> rewind = new HashMap<>();
            positions.keySet().forEach(p -> rewind.put(p, committed.getOrDefault(p, 0L)));
            positions.putAll(rewind);
            return rewind;
        } finally {
            lock.unlock();
        }
    }

    /** Writes the pending batch once it is older than the flush interval, even when no new records arrive. */
    @Scheduled(every = "0.1s", concurrentExecution = ConcurrentExecution.SKIP)
    void flushIfDue() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (pending.ageNanos() >= config.flushInterval().toNanos()) {
                flush();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "window flush failed");
        } finally {
            lock.unlock();
        }
    }

    /** Writes the pending batch, retrying until the store has it. Caller holds the lock. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        WindowBatch batch = pending;
        while (!stopping) {
            try {
                store.commit(batch);
                break;
            } catch (RuntimeException e) {
                LOG.warnf("writing %d windows failed, will check and retry: %s", batch.windows().size(),
                        e.getMessage());
                if (committedAfterAll(batch)) {
                    break;
                }
            }
        }
        pending = new WindowBatch();
    }

    private boolean committedAfterAll(WindowBatch batch) {
        try {
            Thread.sleep(RETRY_MILLIS);
            return store.isCommitted(batch.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a window write", e);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
