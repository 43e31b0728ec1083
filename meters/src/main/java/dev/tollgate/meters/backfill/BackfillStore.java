package dev.tollgate.meters.backfill;

import dev.tollgate.meters.aggregator.WindowAccumulator;
import dev.tollgate.meters.aggregator.WindowKey;
import java.util.Map;
import java.util.Set;

/** Where a backfill learns its starting points and writes the windows it folds. */
public interface BackfillStore {

    /** The offset from which the live aggregator folds each partition into the series, for the partitions it has. */
    Map<Integer, Long> activationsOf(String seriesId);

    /** Writes one chunk's windows and its completion mark in one atomic insert. */
    void writeChunk(String chunkId, Map<WindowKey, WindowAccumulator> windows);

    /**
     * The chunks written whose ids start with the prefix, so that a backfill resumed after a crash never writes one
     * twice.
     */
    Set<String> writtenChunks(String chunkIdPrefix);
}
