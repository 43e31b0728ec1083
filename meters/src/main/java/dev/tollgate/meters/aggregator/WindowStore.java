package dev.tollgate.meters.aggregator;

import java.util.Collection;
import java.util.Map;

/** Where the aggregator keeps windows and, with them, how far into each partition it has folded. */
public interface WindowStore {

    /**
     * Writes the batch. Its raw records and event keys go first; then its windows and its partitions' next offsets,
     * atomically: after a crash either both are stored or neither is. Raw records and keys written by a batch that
     * then failed are harmless: the same records are written again under the same Kafka positions.
     */
    void commit(WindowBatch batch);

    /** Whether a batch whose commit failed ambiguously (for example a lost answer) was stored after all. */
    boolean isCommitted(String batchId);

    /** The next offset to fold for each partition that has any stored position. */
    Map<Integer, Long> committedOffsets();

    /**
     * For each window series, the offset from which each of the given partitions is folded into it, as committed with
     * the batches that first folded it.
     */
    Map<String, Map<Integer, Long>> activations(Collection<Integer> partitions);
}
