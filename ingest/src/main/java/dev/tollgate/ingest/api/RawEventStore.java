package dev.tollgate.ingest.api;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Consumer;

/** The raw event store: every ingested record, kept for audit, browsing and backfill. */
public interface RawEventStore {

    /** An empty batch to encode records into as they are kept, for {@link #write(EncodedEvents)}. */
    EncodedEvents encoder();

    /**
     * Stores the records of a batch from {@link #encoder}; storing the same (topic, partition, offset) again replaces
     * rather than adds.
     */
    void write(EncodedEvents events);

    List<StoredEvent> list(EventFilter filter);

    /** How many selected events fall in each UTC hour of event time, for the hours that have any. */
    SortedMap<Instant, Long> countByHour(RawEventSelection selection);

    /**
     * Streams the selected events whose time falls in [from, to), each Kafka position once even if it was stored
     * twice.
     */
    void forEach(RawEventSelection selection, Instant from, Instant to, Consumer<StoredEvent> sink);
}
