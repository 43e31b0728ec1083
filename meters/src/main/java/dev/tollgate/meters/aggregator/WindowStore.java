package dev.tollgate.meters.aggregator;

import java.util.Collection;
import java.util.Map;

/**
 * Where the aggregator keeps windows and, with them, how far into each partition it has folded: windows and offsets
 * in one atomic write.
 */
public interface WindowStore extends BatchStore {

    /**
     * For each window series, the offset from which each of the given partitions is folded into it, as committed with
     * the batches that first folded it.
     */
    Map<String, Map<Integer, Long>> activations(Collection<Integer> partitions);

    /** The keys of the events the aggregator counted, where it counted them: deduplication for both groups. */
    EventKeyStore eventKeys();
}
