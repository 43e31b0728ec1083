package dev.tollgate.meters.aggregator;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/** Durable record of which event keys were folded where; written with each batch, before its windows. */
public interface EventKeyStore {

    /** Every recorded sighting of these keys ingested on or after {@code since}. */
    List<KeySighting> find(Collection<EventKey> keys, LocalDate since);

    /** Streams the sightings of one partition ingested on or after {@code since}, to rebuild its filters. */
    void forEachInPartition(int partition, LocalDate since, Consumer<KeySighting> sink);
}
