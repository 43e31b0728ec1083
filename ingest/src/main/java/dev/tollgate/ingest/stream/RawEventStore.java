package dev.tollgate.ingest.stream;

import java.util.List;

/** The raw event store: every ingested record, kept for audit, browsing and backfill. */
public interface RawEventStore {

    /** Stores records; storing the same (topic, partition, offset) again replaces rather than adds. */
    void write(List<StoredEvent> events);

    List<StoredEvent> list(EventFilter filter);
}
