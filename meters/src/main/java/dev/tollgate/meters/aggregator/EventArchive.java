package dev.tollgate.meters.aggregator;

/**
 * Where the archiver keeps raw records and how far into each partition it has archived. Records are written under
 * their Kafka position, so writing one again replaces it; the stored offsets are written after the records.
 */
public interface EventArchive extends BatchStore {
}
