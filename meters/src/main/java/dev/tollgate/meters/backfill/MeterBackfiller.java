package dev.tollgate.meters.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.ingest.api.IngestedEvent;
import dev.tollgate.ingest.api.RawEventSelection;
import dev.tollgate.ingest.api.RawEventStore;
import dev.tollgate.ingest.api.StoredEvent;
import dev.tollgate.meters.aggregator.AggregatorConfig;
import dev.tollgate.meters.aggregator.CompiledMeter;
import dev.tollgate.meters.aggregator.EventArchive;
import dev.tollgate.meters.aggregator.UsageFolder;
import dev.tollgate.meters.aggregator.WindowBatch;
import dev.tollgate.meters.api.Meter;
import dev.tollgate.meters.domain.Backfill;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Folds the history of new meter generations from the raw event store.
 *
 * <p>The live aggregator records, per partition, the offset from which it folds a generation (its activation). The
 * backfill waits until every partition of the ingest topic has one, and until the archiver has archived every record
 * before it (the archive is its own consumer group and may lag), then folds the archived events <em>before</em> those
 * offsets, in chunks of whole hours of event time. A chunk's windows and its completion mark are one atomic insert, so a
 * backfill resumed after a crash skips the chunks it wrote and writes the others: nothing is folded twice or missed.
 * One instance at a time runs backfills ({@link BackfillLock}).
 */
@ApplicationScoped
public class MeterBackfiller {

    private static final Logger LOG = Logger.getLogger(MeterBackfiller.class);
    private static final Duration PARTITION_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final BackfillLedger ledger;
    private final BackfillStore store;
    private final RawEventStore rawEvents;
    private final EventArchive archive;
    private final IngestTopic ingestTopic;
    private final BackfillLock lock;
    private final ObjectMapper json;
    private final String topic;
    private final long maxChunkEvents;

    MeterBackfiller(BackfillLedger ledger, BackfillStore store, RawEventStore rawEvents, EventArchive archive,
            IngestTopic ingestTopic, BackfillLock lock, ObjectMapper json, AggregatorConfig aggregator) {
        this.ledger = ledger;
        this.store = store;
        this.rawEvents = rawEvents;
        this.archive = archive;
        this.ingestTopic = ingestTopic;
        this.lock = lock;
        this.json = json;
        this.topic = ingestTopic.name();
        this.maxChunkEvents = aggregator.backfillChunkEvents();
    }

    @AwaitedOnShutdown
    @Scheduled(every = "${tollgate.aggregator.backfill-interval}", delayed = "2s",
            concurrentExecution = ConcurrentExecution.SKIP, skipExecutionIf = Roles.NotAggregator.class)
    void runOpenBackfills() {
        try {
            List<Backfill> open = ledger.open();
            if (open.isEmpty()) {
                return;
            }
            lock.whileHeld(() -> open.forEach(this::runQuietly));
        } catch (RuntimeException e) {
            LOG.warnf("meter backfills will be retried: %s", e.getMessage());
        }
    }

    private void runQuietly(Backfill backfill) {
        try {
            run(backfill);
        } catch (RuntimeException e) {
            LOG.warnf("backfill of %s paused, will resume: %s", backfill.seriesId(), e.getMessage());
        }
    }

    void run(Backfill backfill) {
        Optional<Meter> found = ledger.meter(backfill.meterId());
        if (found.isEmpty() || found.get().deletedAt() != null || found.get().generation() != backfill.generation()) {
            ledger.cancel(backfill, "the meter was changed or deleted");
            return;
        }
        Meter meter = found.get();
        Set<Integer> all = ingestTopic.partitions(PARTITION_LOOKUP_TIMEOUT);
        Map<Integer, Long> activations = store.activationsOf(meter.seriesId());
        Set<Integer> missing = new TreeSet<>(all);
        missing.removeAll(activations.keySet());
        if (!missing.isEmpty()) {
            ledger.progress(backfill, Backfill.Status.WAITING, 0, 0, 0,
                    "waiting for the aggregator to fold partitions " + missing + " live");
            return;
        }
        Map<Integer, Long> archived = archive.committedOffsets();
        Set<Integer> behind = new TreeSet<>();
        activations.forEach((partition, live) -> {
            if (archived.getOrDefault(partition, 0L) < live) {
                behind.add(partition);
            }
        });
        if (!behind.isEmpty()) {
            ledger.progress(backfill, Backfill.Status.WAITING, 0, 0, 0,
                    "waiting for the archiver to archive partitions " + behind + " up to where they are folded live");
            return;
        }
        RawEventSelection selection = new RawEventSelection(meter.namespace(), meter.eventType(), topic, activations);
        SortedMap<Instant, Long> hours = rawEvents.countByHour(selection);
        CompiledMeter compiled = new CompiledMeter(meter);
        Set<String> written = store.writtenChunks(meter.seriesId() + "@");
        int done = 0;
        long read = 0;
        ledger.progress(backfill, Backfill.Status.RUNNING, hours.size(), 0, 0, null);
        for (Chunk chunk : Chunk.of(hours, maxChunkEvents)) {
            String chunkId = meter.seriesId() + "@" + chunk.id();
            if (!written.contains(chunkId)) {
                WindowBatch batch = new WindowBatch();
                rawEvents.forEach(selection, chunk.from(), chunk.to(),
                        stored -> readable(stored).ifPresent(
                                event -> UsageFolder.fold(event, List.of(compiled), batch)));
                store.writeChunk(chunkId, batch.windows());
            }
            done += chunk.hours();
            read += chunk.events();
            ledger.progress(backfill, Backfill.Status.RUNNING, hours.size(), done, read, null);
        }
        ledger.progress(backfill, Backfill.Status.DONE, hours.size(), done, read, null);
        LOG.infof("backfilled meter %s (%s): %d events in %d hours", meter.slug(), meter.seriesId(), read, done);
    }

    /**
     * The live aggregator dead-letters a record it cannot read, so such a record never counts; the backfill skips it
     * the same way, and names it, rather than pausing the meter's history on it for ever.
     */
    private Optional<IngestedEvent> readable(StoredEvent stored) {
        try {
            if (json.readTree(stored.event()) instanceof ObjectNode event) {
                return Optional.of(new IngestedEvent(stored.namespace(), stored.ingestedAt(), event));
            }
        } catch (IOException e) {
            // not JSON: reported below like any other unreadable row
        }
        LOG.warnf("backfill skips raw event %d/%d: it is not a JSON object", stored.partition(), stored.offset());
        return Optional.empty();
    }
}
