package dev.tollgate.meters.aggregator;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides which records repeat an event already folded, by (namespace, source, id), within the deduplication window.
 *
 * <p>An event is a duplicate only of an occurrence that was <em>committed</em>: folded into windows whose offsets are
 * stored, or earlier in the batch being built. A record whose first write failed and that is read again from Kafka
 * finds its own earlier sighting at the same partition and offset, and is counted, not dropped (the flaw of
 * OpenMeter's issue #5118). Bloom filters keep the common case, a new key, free of any lookup; only their positives
 * are checked exactly against the {@link EventKeyStore}, all of a batch's in one lookup when it is sealed, so that a
 * busy store slows one query per batch rather than every poll.
 */
final class Deduplicator {

    /** A record to decide on. */
    record Candidate(EventKey key, int partition, long offset, LocalDate day) {
    }

    private final EventKeyStore keys;
    private final Supplier<Map<Integer, Long>> committedOffsets;
    private final Duration window;
    private final Clock clock;
    private final Map<Integer, SeenKeys> seen = new HashMap<>();
    /**
     * Keys folded into the batch being built. The two sets are emptied and swapped rather than made anew, so their
     * tables (a batch's worth of keys) are not grown from scratch, and promoted, for every batch.
     */
    private EventKeySet pending = new EventKeySet();
    /** Keys of the batch being written: not committed until its write completes. */
    private EventKeySet writing = new EventKeySet();

    Deduplicator(EventKeyStore keys, Supplier<Map<Integer, Long>> committedOffsets, Duration window, Clock clock) {
        this.keys = keys;
        this.committedOffsets = committedOffsets;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Rebuilds a newly assigned partition's filters from the keys stored for it before the offset it resumes from (a
     * key stored at or after it was written by a batch whose offsets were not, or by the aggregator ahead of the
     * archiver: the partition decides those records again).
     */
    void load(int partition, long resumeFrom) {
        SeenKeys partitionKeys = UntilStored.call("read the event keys of partition " + partition, () -> {
            SeenKeys loaded = new SeenKeys();
            keys.forEachInPartition(partition, oldestDay(), sighting -> {
                if (sighting.offset() < resumeFrom) {
                    loaded.add(sighting.key(), sighting.day());
                }
            });
            return loaded;
        });
        seen.put(partition, partitionKeys);
    }

    void forget(int partition) {
        seen.remove(partition);
    }

    /** The batch being built goes to be written; its keys stay pending until {@link #writeEnded()}. */
    void batchSealed() {
        if (writing.isEmpty()) { // the previous write has ended, as it always has when a batch is sealed
            EventKeySet sealed = pending;
            pending = writing;
            writing = sealed;
        } else {
            writing.addAll(pending);
            pending.clear();
        }
    }

    /** The batch being written was written or dropped: its keys are now found in the store, or were never folded. */
    void writeEnded() {
        writing.clear();
        LocalDate oldest = oldestDay();
        seen.values().forEach(s -> s.expireBefore(oldest));
    }

    /** Everything not yet written was dropped. */
    void batchEnded() {
        pending.clear();
        writeEnded();
    }

    /** What {@link #screen} can tell about a candidate without a lookup. */
    enum Verdict {
        /** Not seen: it counts as folded from now on. */
        NEW,
        /** Folded earlier in the batch being built or written. */
        DUPLICATE,
        /** The filters may have seen it: only {@link #resolve} can tell. */
        UNSURE
    }

    /**
     * Decides, in order and without any lookup, what the filters and the batches in memory can tell. The unsure
     * candidates must go to {@link #resolve}, in order, before the batch is sealed; a later candidate with the same key
     * is unsure too, so the order among them is kept.
     */
    Verdict[] screen(List<Candidate> candidates) {
        Verdict[] verdicts = new Verdict[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (isPending(c.key())) {
                verdicts[i] = Verdict.DUPLICATE;
            } else if (filters(c.partition()).mightContain(c.key())) {
                verdicts[i] = Verdict.UNSURE;
            } else {
                remember(c);
                verdicts[i] = Verdict.NEW;
            }
        }
        return verdicts;
    }

    /**
     * Decides, in order, which unsure candidates are duplicates, with one lookup in the store for all of them; the
     * others count as folded from now on.
     */
    boolean[] resolve(List<Candidate> unsure) {
        boolean[] duplicate = new boolean[unsure.size()];
        if (unsure.isEmpty()) {
            return duplicate;
        }
        List<EventKey> asked = unsure.stream().map(Candidate::key).distinct().toList();
        Map<EventKey, List<KeySighting>> sightings = new HashMap<>();
        for (KeySighting s : UntilStored.call("look up event keys", () -> keys.find(asked, oldestDay()))) {
            sightings.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
        }
        Map<Integer, Long> committed = sightings.isEmpty() ? Map.of()
                : UntilStored.call("read stored offsets", committedOffsets);
        for (int i = 0; i < unsure.size(); i++) {
            Candidate c = unsure.get(i);
            boolean committedElsewhere = sightings.getOrDefault(c.key(), List.of()).stream()
                    .anyMatch(s -> !(s.partition() == c.partition() && s.offset() == c.offset())
                            && s.offset() < committed.getOrDefault(s.partition(), 0L));
            if (isPending(c.key()) || committedElsewhere) {
                duplicate[i] = true;
            } else {
                remember(c);
            }
        }
        return duplicate;
    }

    /** {@link #screen} and, for the unsure, {@link #resolve} at once: which candidates are duplicates, in order. */
    boolean[] duplicates(List<Candidate> candidates) {
        Verdict[] verdicts = screen(candidates);
        List<Integer> unsure = new ArrayList<>();
        boolean[] duplicate = new boolean[candidates.size()];
        for (int i = 0; i < verdicts.length; i++) {
            duplicate[i] = verdicts[i] == Verdict.DUPLICATE;
            if (verdicts[i] == Verdict.UNSURE) {
                unsure.add(i);
            }
        }
        boolean[] resolved = resolve(unsure.stream().map(candidates::get).toList());
        for (int j = 0; j < resolved.length; j++) {
            duplicate[unsure.get(j)] = resolved[j];
        }
        return duplicate;
    }

    private boolean isPending(EventKey key) {
        return pending.contains(key) || writing.contains(key);
    }

    private void remember(Candidate c) {
        pending.add(c.key());
        filters(c.partition()).add(c.key(), c.day());
    }

    private SeenKeys filters(int partition) {
        return seen.computeIfAbsent(partition, p -> new SeenKeys());
    }

    private LocalDate oldestDay() {
        return LocalDate.ofInstant(clock.instant().minus(window), ZoneOffset.UTC);
    }
}
