package dev.tollgate.ingest.api;

/**
 * Records encoded for the raw event store as they are kept ({@link RawEventStore#encoder}), to be written later in
 * one go. A batch that waits in memory is then a few large arrays rather than a dozen objects per record, which every
 * young collection would copy again until they were promoted (docs/performance.md).
 */
public interface EncodedEvents {

    /** Encodes the record now; its {@code storedAt} is ignored: the store sets it when it writes the batch. */
    void add(StoredEvent event);

    int count();

    /** The bytes held. */
    long bytes();

    /**
     * Hands the memory back for later batches, once the batch is written or dropped; the batch is empty afterwards and
     * must not be written. Forgetting it costs only garbage.
     */
    void release();
}
