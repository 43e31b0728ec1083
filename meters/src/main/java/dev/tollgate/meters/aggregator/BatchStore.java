package dev.tollgate.meters.aggregator;

import java.util.Map;

/** Where a consumer group of the ingest topic keeps its batches and, with them, how far into each partition it read. */
public interface BatchStore {

    /**
     * Writes the batch: the aggregator's event keys first, then what it keeps, and last the partitions' next offsets.
     * After a crash the stored offsets never run ahead of what is stored; what a failed batch did write is harmless,
     * because the same records are written again under the same Kafka positions.
     */
    void commit(WindowBatch batch);

    /** Whether a batch whose commit failed ambiguously (for example a lost answer) was stored after all. */
    boolean isCommitted(String batchId);

    /** The next offset to read for each partition that has any stored position. */
    Map<Integer, Long> committedOffsets();
}
