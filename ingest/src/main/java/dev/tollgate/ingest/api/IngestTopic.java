package dev.tollgate.ingest.api;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka topic every accepted event lands on, as its consumers see it: its name, how late an event may arrive (and
 * so how long a repeat must still be recognised), and the broker's view of its partitions.
 */
public interface IngestTopic {

    String name();

    /** How old an event may be when it arrives; deduplication must remember keys at least this long. */
    Duration lateness();

    /** The topic's partitions as the broker knows them now. */
    Set<Integer> partitions(Duration timeout);

    /** Each partition's next offset to be written (the log end), as the broker knows it now. */
    Map<Integer, Long> endOffsets(Duration timeout);
}
