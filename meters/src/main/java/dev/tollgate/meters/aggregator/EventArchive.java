package dev.tollgate.meters.aggregator;

import dev.tollgate.ingest.api.EncodedEvents;

/**
 * Where the archiver keeps raw records and how far into each partition it has archived. Records are written under
 * their Kafka position, so writing one again replaces it; the stored offsets are written after the records.
 */
public interface EventArchive extends BatchStore {

    /** An empty set of records to keep a batch's records in, encoded as they are kept. */
    EncodedEvents encoder();
}
