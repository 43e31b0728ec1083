package dev.tollgate.meters.aggregator;

import dev.tollgate.ingest.api.EncodedEvents;
import dev.tollgate.ingest.api.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything read since the last write: the Kafka position each partition reached, the event keys kept, and either the
 * windows folded (the aggregator's batches: windows and positions are written in one ClickHouse insert, so stored
 * windows always match stored positions) or the raw records (the archiver's batches).
 */
public final class WindowBatch {

    private final String id = UUID.randomUUID().toString();
    private final boolean keepsWindows;
    /** The archiver's records, encoded as they are kept; null in batches that keep windows. */
    private final EncodedEvents records;
    private final Map<WindowKey, WindowAccumulator> windows = new HashMap<>();
    /**
     * Per partition, the offset after the last record folded, in a one-element array: advanced for every record, so
     * without boxing a Long each time (5 % of the folding threads' CPU); read as a map once per batch.
     */
    private final Map<Integer, long[]> nextOffsets = new HashMap<>();
    private final KeySightings sightings = new KeySightings();
    /** The archiver's records whose fate is the aggregator's decision, taken when the batch is written. */
    private final List<Undecided> undecided = new ArrayList<>();
    /** Window series first folded in this batch: series id to partition to the first offset folded into it. */
    private final Map<String, Map<Integer, Long>> activations = new HashMap<>();
    private long events;
    private long undecidedBytes;
    private long startedNanos;

    /** A batch that keeps windows (a backfill's chunk). */
    public WindowBatch() {
        this(true, null);
    }

    private WindowBatch(boolean keepsWindows, EncodedEvents records) {
        this.keepsWindows = keepsWindows;
        this.records = records;
    }

    /** Keeps nothing it folds: a fold made only to learn why meters cannot take a value from an event. */
    static WindowBatch discarding() {
        return new WindowBatch(false, null);
    }

    /** The aggregator's: windows and event keys; the records themselves are the archiver's. */
    static WindowBatch ofWindows() {
        return new WindowBatch(true, null);
    }

    /** The archiver's: records, encoded into {@code records} as they are kept. */
    static WindowBatch ofRecords(EncodedEvents records) {
        return new WindowBatch(false, records);
    }

    public String id() {
        return id;
    }

    WindowAccumulator window(WindowKey key) {
        return keepsWindows ? windows.computeIfAbsent(key, k -> new WindowAccumulator()) : new WindowAccumulator();
    }

    /** Whether folded windows are kept. */
    boolean keepsWindows() {
        return keepsWindows;
    }

    /** Records that the partition's record at {@code offset} is folded in, whether or not any meter matched it. */
    void advance(int partition, long offset) {
        if (events++ == 0) {
            startedNanos = System.nanoTime();
        }
        long[] next = nextOffsets.computeIfAbsent(partition, p -> new long[1]);
        next[0] = Math.max(next[0], offset + 1);
    }

    /** Keeps the record for the raw event store, if this batch keeps records. */
    void keep(StoredEvent event) {
        if (records != null) {
            records.add(event);
        }
    }

    /** Keeps the key of an event that was counted, with where it was read, for deduplication. */
    void keepSighting(Deduplicator.Candidate counted) {
        sightings.add(counted.key(), counted.partition(), counted.offset(), counted.day());
    }

    /**
     * A record the archiver's filters could not clear: it is archived only if the aggregator counted it, which the
     * archiver learns when it writes the batch (see {@link AggregatorDecisions}).
     *
     * @param matched whether any meter reads its type (the archiver does not fold)
     */
    record Undecided(StoredEvent event, Deduplicator.Candidate candidate, boolean matched) {
    }

    void keepUndecided(Undecided record) {
        undecided.add(record);
        // The record's bytes plus a rough allowance for the objects and their short strings.
        undecidedBytes += record.event().event().length + 256;
    }

    List<Undecided> undecided() {
        return undecided;
    }

    /** Keeps the undecided records that were counted ({@code counted[i]} for the i-th), and drops the others. */
    void settle(boolean[] counted) {
        for (int i = 0; i < counted.length; i++) {
            if (counted[i]) {
                records.add(undecided.get(i).event());
            }
        }
        undecided.clear();
        undecidedBytes = 0;
    }

    /** From {@code offset} on, the partition's records are folded into the series (and before it, they were not). */
    void activate(String seriesId, int partition, long offset) {
        activations.computeIfAbsent(seriesId, s -> new HashMap<>()).put(partition, offset);
    }

    public Map<String, Map<Integer, Long>> activations() {
        return activations;
    }

    /** The archiver's records; null in batches that keep windows. */
    public EncodedEvents records() {
        return records;
    }

    /** Gives the archiver's encoded records back to their store once the batch is written or dropped. */
    void release() {
        if (records != null) {
            records.release();
        }
    }

    public KeySightings sightings() {
        return sightings;
    }

    public Map<WindowKey, WindowAccumulator> windows() {
        return windows;
    }

    /** Per partition, the offset after the last record folded in: where reading resumes once the batch is stored. */
    public Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> offsets = new HashMap<>(nextOffsets.size() * 2);
        nextOffsets.forEach((partition, next) -> offsets.put(partition, next[0]));
        return offsets;
    }

    /** About how much heap the kept raw events take. */
    public long storedBytes() {
        return (records == null ? 0 : records.bytes()) + undecidedBytes;
    }

    /** Nothing to write: no record was read into it and no series was activated. */
    public boolean isEmpty() {
        return events == 0 && activations.isEmpty();
    }

    public long events() {
        return events;
    }

    public long ageNanos() {
        return events == 0 ? 0 : System.nanoTime() - startedNanos;
    }
}
