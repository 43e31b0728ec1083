package dev.tollgate.meters.aggregator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.ingest.api.DeadLetters;
import dev.tollgate.ingest.api.EncodedEvents;
import dev.tollgate.ingest.api.IngestTopicCodec;
import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.ingest.api.StoredEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Reads the ingest topic for one consumer group, decides each record once (folded, a duplicate, set aside at ingest,
 * or unreadable) and writes what it keeps to a {@link BatchStore} in batches. Two groups read the topic this way, each
 * at its own pace: the aggregator keeps meter windows ({@link Keeps#WINDOWS}), the archiver keeps the raw records
 * ({@link Keeps#RECORDS}).
 *
 * <p>Exactly once without Kafka commits: each batch and the offsets it covers are stored by the batch store (for
 * windows in one atomic insert; raw records are idempotent by their Kafka position, so a batch written again changes
 * nothing), and on (re)assignment each partition resumes from the offsets stored. Kafka's own committed offsets are
 * never used. Records at offsets already decided (re-deliveries after a seek) are skipped, and records that repeat an
 * event already counted are recognised by the {@link Deduplicator}, against the event keys the aggregator stores. The
 * archiver writes a batch only once the aggregator has committed its records, and takes the aggregator's decision on
 * each record its filters cannot clear ({@link AggregatorDecisions}), so it archives exactly what the meters count.
 *
 * <p>For windows, new meters (and new generations of changed ones) are <em>activated</em> per partition: each poll is
 * folded with one {@link MeterSet}, and the first time a set holds a series, the partition's next offset is recorded
 * with the batch as the point from which that series is folded live. A backfill folds the archived records before
 * that point, so every event lands in the series exactly once.
 */
final class TopicFolder {

    /** What a group keeps of the records it reads. */
    enum Keeps {
        /** Meter windows, activations and event keys: what meter queries read. */
        WINDOWS,
        /** Every record as it arrived, with why it was not counted if it was not, and event keys. */
        RECORDS
    }

    private static final Logger LOG = Logger.getLogger(TopicFolder.class);
    private static final long RETRY_MILLIS = 1_000;
    private static final long FLUSH_CHECK_MILLIS = 100;
    /** How often the archiver asks whether the aggregator has committed the batch it is about to write. */
    private static final long AGGREGATOR_CHECK_MILLIS = 200;

    private final Keeps keeps;
    private final String name;
    private final MeterLookup meters;
    private final BatchStore store;
    /** The aggregator's store, which also keeps activations; null for the archiver. */
    private final WindowStore windowStore;
    private final IngestTopicCodec codec;
    private final DeadLetters deadLetters;
    private final Deduplicator deduplicator;
    /** The archiver's: where each batch's records are encoded; null for the aggregator. */
    private final Supplier<EncodedEvents> records;
    /** The archiver's: what the aggregator decided; null for the aggregator. */
    private final AggregatorDecisions decisions;
    /** The archiver's: when it gives way to the aggregator; null for the aggregator. */
    private final AggregatorPriority priority;
    private final String topic;
    private final Duration flushInterval;
    private final int maxBufferedRows;
    private final long maxBufferedBytes;
    private final Counter folded;
    private final Counter unmatched;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter setAside;
    private final ReentrantLock lock = new ReentrantLock();
    /** Next offset to read, per partition this instance owns; a partition not in the map is not ours. */
    private final Map<Integer, Long> positions = new HashMap<>();
    /** Per window series, the offset from which each owned partition is folded into it. */
    private final Map<String, Map<Integer, Long>> activated = new HashMap<>();
    private WindowBatch pending;
    /**
     * Records of the pending batch that the deduplicator's filters could not clear, in arrival order: kept or
     * dropped when the batch is sealed, after one lookup for all of them.
     */
    private List<Deferred> deferred = new ArrayList<>();
    /** The batch being written in the background, if any: reading goes on while it is written. */
    private CompletableFuture<Boolean> writing = CompletableFuture.completedFuture(true);
    private final ExecutorService writer;
    /**
     * Checks ten times a second whether the pending batch is due. Its own thread, because Quarkus' scheduler runs
     * jobs at most once a second, which would add up to a second to how long usage takes to show.
     */
    private final ScheduledExecutorService flushTimer;
    private volatile boolean stopping;
    /** Partitions are being handed over: the archiver stops waiting for the aggregator and drops what it holds. */
    private volatile boolean handingOver;

    /**
     * How a folder is set up.
     *
     * @param name for metrics ({@code tollgate.<name>.events}), threads and logs
     */
    record Settings(String name, String topic, Duration lateness, Duration flushInterval, int maxBufferedRows,
            long maxBufferedBytes) {
    }

    /** The aggregator's folder: windows, activations and event keys into the window store. */
    static TopicFolder aggregating(Settings settings, MeterLookup meters, WindowStore store, DeadLetters deadLetters,
            ObjectMapper json, Clock clock, MeterRegistry registry) {
        return new TopicFolder(Keeps.WINDOWS, settings, meters, store, store, null, null, deadLetters, json, clock,
                registry);
    }

    /** The archiver's folder: raw records into the archive, as the aggregator decided them in its window store. */
    static TopicFolder archiving(Settings settings, MeterLookup meters, EventArchive archive,
            WindowStore aggregator, AggregatorPriority priority, ObjectMapper json, Clock clock,
            MeterRegistry registry) {
        return new TopicFolder(Keeps.RECORDS, settings, meters, archive, aggregator, archive::encoder, priority, null,
                json, clock, registry);
    }

    private TopicFolder(Keeps keeps, Settings settings, MeterLookup meters, BatchStore store, WindowStore aggregator,
            Supplier<EncodedEvents> records, AggregatorPriority priority, DeadLetters deadLetters, ObjectMapper json,
            Clock clock, MeterRegistry registry) {
        this.keeps = keeps;
        this.records = records;
        this.priority = priority;
        this.name = settings.name();
        this.meters = meters;
        this.store = store;
        this.windowStore = keeps == Keeps.WINDOWS ? aggregator : null;
        this.decisions = keeps == Keeps.RECORDS ? new AggregatorDecisions(aggregator) : null;
        this.deadLetters = deadLetters;
        this.topic = settings.topic();
        this.flushInterval = settings.flushInterval();
        this.maxBufferedRows = settings.maxBufferedRows();
        this.maxBufferedBytes = settings.maxBufferedBytes();
        this.pending = newBatch();
        this.codec = new IngestTopicCodec(json);
        // The archiver decides later than the aggregator did: its filters keep a day longer, so that they hold every
        // key the aggregator's still held when it decided (a key they hold only costs a look-up).
        this.deduplicator = new Deduplicator(aggregator.eventKeys(), aggregator::committedOffsets,
                keeps == Keeps.WINDOWS ? settings.lateness() : settings.lateness().plusDays(1), clock);
        String metric = "tollgate." + name + ".events";
        this.folded = registry.counter(metric, "outcome", "folded");
        this.unmatched = registry.counter(metric, "outcome", "no_meter");
        this.duplicates = registry.counter(metric, "outcome", "duplicate");
        this.deadLettered = registry.counter(metric, "outcome", "dead_lettered");
        this.setAside = registry.counter(metric, "outcome", "set_aside");
        this.writer = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-writer"));
        this.flushTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name + "-flush-timer");
            thread.setDaemon(true);
            return thread;
        });
        flushTimer.scheduleWithFixedDelay(this::flushIfDue, FLUSH_CHECK_MILLIS, FLUSH_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private WindowBatch newBatch() {
        return keeps == Keeps.WINDOWS ? WindowBatch.ofWindows() : WindowBatch.ofRecords(records.get());
    }

    /** One last write on the way down; if it fails, the next owner folds those events again from Kafka. */
    void stop() {
        stopping = true;
        flushTimer.shutdownNow();
        lock.lock();
        try {
            // A later batch's offsets must never be stored past an earlier batch that was not.
            if (awaitWrite() && !pending.isEmpty()) {
                foldDeferred();
                if (settled(pending)) {
                    store.commit(pending);
                }
                pending.release();
                pending = newBatch();
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not write the last batch on shutdown; it will be read again: %s", name,
                    e.getMessage());
        } finally {
            lock.unlock();
            writer.shutdownNow();
        }
    }

    void consume(ConsumerRecords<String, byte[]> records) {
        lock.lock();
        try {
            MeterSet meterSet = meters.snapshot();
            activate(meterSet);
            List<ReadRecord> read = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                Long next = positions.get(record.partition());
                if (next == null || record.offset() < next) {
                    continue;
                }
                positions.put(record.partition(), record.offset() + 1);
                read.add(ReadRecord.of(record, codec, keeps == Keeps.WINDOWS));
            }
            Deduplicator.Verdict[] verdicts = deduplicator.screen(read.stream().filter(ReadRecord::readable)
                    .map(ReadRecord::candidate).toList());
            int d = 0;
            for (ReadRecord r : read) {
                if (r.setAside()) {
                    keepSetAside(r);
                } else if (!r.readable()) {
                    deadLetter(r);
                } else {
                    switch (verdicts[d++]) {
                        case NEW -> fold(r, meterSet);
                        case DUPLICATE -> duplicates.increment();
                        case UNSURE -> defer(r, meterSet);
                    }
                }
                pending.advance(r.record().partition(), r.record().offset());
            }
            if (pending.windows().size() >= maxBufferedRows || pending.storedBytes() >= maxBufferedBytes) {
                flush();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A record the filters could not clear waits: the aggregator's for one lookup when its batch is sealed, the
     * archiver's for the aggregator's decision when its batch is written.
     */
    private void defer(ReadRecord r, MeterSet meterSet) {
        if (keeps == Keeps.WINDOWS) {
            deferred.add(new Deferred(r, meterSet));
        } else {
            pending.keepUndecided(new WindowBatch.Undecided(r.stored("", topic), r.candidate(), metered(r, meterSet)));
        }
    }

    private static boolean metered(ReadRecord r, MeterSet meterSet) {
        return !meterSet.meters(r.event().namespace(), r.event().type()).isEmpty();
    }

    /** Decides the deferred records with one lookup and folds those that are not duplicates. Caller holds the lock. */
    private void foldDeferred() {
        if (deferred.isEmpty()) {
            return;
        }
        List<Deferred> decided = deferred;
        deferred = new ArrayList<>();
        boolean[] duplicate = deduplicator.resolve(decided.stream().map(r -> r.read().candidate()).toList());
        for (int i = 0; i < duplicate.length; i++) {
            if (duplicate[i]) {
                duplicates.increment();
            } else {
                fold(decided.get(i).read(), decided.get(i).meterSet());
            }
        }
    }

    private void fold(ReadRecord r, MeterSet meterSet) {
        if (keeps == Keeps.RECORDS) {
            // The archiver keeps the record as it came; why a meter cannot take a value from it is worked out when it
            // is listed (MeterEventProblems), so the archiver never reads an event's data.
            (metered(r, meterSet) ? folded : unmatched).increment();
            keep(r, "");
            return;
        }
        IngestedEvent event = r.event();
        int taken = UsageFolder.fold(event, meterSet.meters(event.namespace(), event.type()), pending);
        (taken > 0 ? folded : unmatched).increment();
        pending.keepSighting(r.candidate());
    }

    /** A record that ingest accepted but set aside is kept, with its reason, and never folded. */
    private void keepSetAside(ReadRecord r) {
        setAside.increment();
        keep(r, r.problem());
    }

    /**
     * A record that cannot be read is passed over, and kept with its reason for the event browser; the aggregator
     * also parks it on the dead-letter topic (once: the archiver reads the same record and does not).
     */
    private void deadLetter(ReadRecord r) {
        deadLettered.increment();
        if (keeps == Keeps.WINDOWS) {
            LOG.warnf("dead-lettering record at partition %d offset %d: %s", r.record().partition(),
                    r.record().offset(), r.problem());
            try {
                byte[] key = r.record().key() == null ? null : r.record().key().getBytes(StandardCharsets.UTF_8);
                deadLetters.park(r.record(), key, r.problem());
            } catch (Exception e) {
                LOG.errorf("could not dead-letter partition %d offset %d, it is kept in the event store only: %s",
                        r.record().partition(), r.record().offset(), e.getMessage());
            }
        }
        keep(r, r.problem());
    }

    /** The archiver's batches keep each record itself, with why it was not counted if it was not. */
    private void keep(ReadRecord r, String problem) {
        if (keeps == Keeps.RECORDS) {
            pending.keep(r.stored(problem, topic));
        }
    }

    /**
     * Marks every series of the set that an owned partition does not fold yet as folded from the partition's next
     * offset; the marks are written with the pending batch. Caller holds the lock.
     */
    private boolean activate(MeterSet meterSet) {
        if (keeps != Keeps.WINDOWS) {
            return false;
        }
        boolean any = false;
        for (String series : meterSet.seriesIds()) {
            Map<Integer, Long> partitions = activated.computeIfAbsent(series, s -> new HashMap<>());
            for (Map.Entry<Integer, Long> position : positions.entrySet()) {
                if (!partitions.containsKey(position.getKey())) {
                    partitions.put(position.getKey(), position.getValue());
                    pending.activate(series, position.getKey(), position.getValue());
                    any = true;
                }
            }
        }
        return any;
    }

    /** Partitions were assigned, with the offsets to resume from (0 when nothing was stored yet). */
    void assigned(Map<Integer, Long> resumeFrom) {
        lock.lock();
        try {
            resumeFrom.forEach(deduplicator::load);
            if (keeps == Keeps.WINDOWS) {
                loadActivations(resumeFrom.keySet());
            }
            positions.putAll(resumeFrom);
        } finally {
            lock.unlock();
        }
    }

    private void loadActivations(Collection<Integer> partitions) {
        Map<String, Map<Integer, Long>> stored = UntilStored.call("read meter activations",
                () -> windowStore.activations(partitions));
        stored.forEach((series, offsets) -> activated.computeIfAbsent(series, s -> new HashMap<>()).putAll(offsets));
    }

    private void forgetActivations(Iterable<Integer> partitions) {
        activated.values().forEach(offsets -> partitions.forEach(offsets::remove));
    }

    /**
     * Partitions are being taken away: the aggregator writes what it folded from them before another instance resumes
     * them. The archiver may hold records the aggregator has not committed, which it cannot write yet; it drops what
     * it holds, as when partitions are lost, and whoever owns them next reads those records again.
     *
     * @return where the partitions still owned must rewind to
     */
    Map<Integer, Long> revoked(Collection<Integer> partitions) {
        if (keeps == Keeps.RECORDS) {
            return lost(partitions);
        }
        lock.lock();
        try {
            flush();
            awaitWrite();
            partitions.forEach(p -> {
                positions.remove(p);
                deduplicator.forget(p);
            });
            forgetActivations(partitions);
            return Map.of();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Partitions were lost without a clean hand-over, so another instance may already fold them: drop everything not
     * yet written, and report where the partitions still owned must rewind to.
     */
    Map<Integer, Long> lost(Iterable<Integer> partitions) {
        // Before the lock: a consume may hold it while it waits for a write that waits for the aggregator.
        handingOver = true;
        lock.lock();
        try {
            awaitWrite();
            partitions.forEach(p -> {
                positions.remove(p);
                deduplicator.forget(p);
            });
            pending.release();
            pending = newBatch();
            deferred = new ArrayList<>();
            deduplicator.batchEnded();
            // Activations of the dropped batch were never stored: read back the ones that were.
            activated.clear();
            if (keeps == Keeps.WINDOWS) {
                loadActivations(List.copyOf(positions.keySet()));
            }
            Map<Integer, Long> committed = UntilStored.call("read stored offsets", store::committedOffsets);
            Map<Integer, Long> rewind = new HashMap<>();
            positions.keySet().forEach(p -> rewind.put(p, committed.getOrDefault(p, 0L)));
            positions.putAll(rewind);
            return rewind;
        } finally {
            handingOver = false;
            lock.unlock();
        }
    }

    /**
     * Writes the pending batch once it is older than the flush interval, even when no new records arrive; and
     * activates new meters on idle partitions too, so that their backfill never waits for traffic.
     */
    void flushIfDue() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            boolean activatedAny = !positions.isEmpty() && activate(meters.snapshot());
            if (activatedAny || pending.ageNanos() >= flushInterval.toNanos()) {
                flush();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: flush failed", name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands the pending batch to the writer and starts a new one. At most one batch is written at a time, in order:
     * this waits for the previous write first. Caller holds the lock.
     */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        awaitWrite();
        // After the previous write, so that the lookup sees its keys as committed.
        foldDeferred();
        WindowBatch batch = pending;
        pending = newBatch();
        deduplicator.batchSealed();
        writing = CompletableFuture.supplyAsync(() -> writeAndRelease(batch), writer);
    }

    /**
     * Waits for the batch being written, and lets its keys count as committed. Caller holds the lock.
     *
     * @return whether it was stored; only false when shutting down
     */
    private boolean awaitWrite() {
        boolean stored;
        try {
            stored = writing.join();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: write ended abnormally; its records will be read again by the next owner", name);
            stored = false;
        }
        deduplicator.writeEnded();
        return stored;
    }

    /** The batch is done with once written, or given up for the next owner to read again. */
    private boolean writeAndRelease(WindowBatch batch) {
        try {
            return write(batch);
        } finally {
            batch.release();
        }
    }

    /** Writes one batch, retrying until the store has it; runs on the writer thread. */
    private boolean write(WindowBatch batch) {
        long ready = System.nanoTime();
        while (!stopping) {
            try {
                // Before settled(), which counts the batch's records once it returns true.
                if ((priority != null && priority.holds(ready)) || !settled(batch)) {
                    if (handingOver || !pause(AGGREGATOR_CHECK_MILLIS)) {
                        return false;
                    }
                    continue;
                }
                store.commit(batch);
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("%s: writing a batch of %d records failed, will check and retry: %s", name,
                        batch.events(), e.getMessage());
                if (committedAfterAll(batch)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The archiver's batch can be written once the aggregator has committed its records; then its undecided records
     * are kept if the aggregator counted them. The aggregator's batches are always settled.
     */
    private boolean settled(WindowBatch batch) {
        if (decisions == null) {
            return true;
        }
        // Once a hand-over began, no batch may be written: one before it may have been dropped.
        if (handingOver || !decisions.cover(batch.nextOffsets())) {
            return false;
        }
        List<WindowBatch.Undecided> undecided = batch.undecided();
        boolean[] counted = decisions.counted(undecided.stream().map(WindowBatch.Undecided::candidate).toList());
        for (int i = 0; i < counted.length; i++) {
            (counted[i] ? (undecided.get(i).matched() ? folded : unmatched) : duplicates).increment();
        }
        batch.settle(counted);
        return true;
    }

    /** @return false if interrupted */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean committedAfterAll(WindowBatch batch) {
        try {
            Thread.sleep(RETRY_MILLIS);
            return store.isCommitted(batch.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a batch write", e);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A record the filters could not clear, with the meters it is to be folded with if it is new. */
    private record Deferred(ReadRecord read, MeterSet meterSet) {
    }

    /** A record as read from the topic: the event with its key, or why it could not be read. */
    private record ReadRecord(ConsumerRecord<String, byte[]> record, IngestedEvent event, String problem,
            Deduplicator.Candidate candidate) {

        /** @param withData whether the event's data is read now (the aggregator's) or only if asked for */
        static ReadRecord of(ConsumerRecord<String, byte[]> record, IngestTopicCodec codec, boolean withData) {
            try {
                IngestedEvent event = withData ? codec.decode(record.value(), record.timestamp(), record.headers())
                        : codec.decodeWithoutData(record.value(), record.timestamp(), record.headers());
                if (event.isSetAside()) {
                    return new ReadRecord(record, event, "set aside at ingest: " + event.setAsideReason(), null);
                }
                String missing = event.id().isEmpty() ? "id" : event.source().isEmpty() ? "source"
                        : event.type().isEmpty() ? "type" : event.subject().isEmpty() ? "subject" : null;
                if (missing != null) {
                    return failed(record, "the event has no " + missing);
                }
                event.time();
                EventKey key = EventKey.of(event.namespace(), event.source(), event.id());
                LocalDate day = LocalDate.ofInstant(event.ingestedAt(), ZoneOffset.UTC);
                return new ReadRecord(record, event, null,
                        new Deduplicator.Candidate(key, record.partition(), record.offset(), day));
            } catch (Exception e) {
                return failed(record, "not a readable CloudEvent: " + e.getMessage());
            }
        }

        private static ReadRecord failed(ConsumerRecord<String, byte[]> record, String problem) {
            return new ReadRecord(record, null, problem, null);
        }

        boolean readable() {
            return event != null && !event.isSetAside();
        }

        boolean setAside() {
            return event != null && event.isSetAside();
        }

        StoredEvent stored(String validationError, String topic) {
            Instant ingestedAt = event != null ? event.ingestedAt()
                    : IngestTopicCodec.ingestedAt(record.timestamp(), record.headers());
            byte[] text = record.value() == null ? new byte[0] : record.value();
            if (event == null) {
                // Not known to be valid UTF-8: re-encode, replacing what is not, before it goes into JSON.
                text = new String(text, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                var namespace = record.headers().lastHeader(IngestTopicCodec.NAMESPACE_HEADER);
                return new StoredEvent(namespace == null ? "" : new String(namespace.value(), StandardCharsets.UTF_8),
                        "", "", "", "", ingestedAt, ingestedAt, null, text, validationError, topic,
                        record.partition(), record.offset(), false);
            }
            if (event.isSetAside()) {
                // Dated when it arrived: its own time may be out of range, and it must show in the browser's window.
                return new StoredEvent(event.namespace(), event.id(), event.source(), event.type(), event.subject(),
                        ingestedAt, ingestedAt, null, text, validationError, topic, record.partition(),
                        record.offset(), true);
            }
            return new StoredEvent(event.namespace(), event.id(), event.source(), event.type(), event.subject(),
                    event.time(), ingestedAt, null, text, validationError, topic, record.partition(),
                    record.offset(), false);
        }
    }
}
