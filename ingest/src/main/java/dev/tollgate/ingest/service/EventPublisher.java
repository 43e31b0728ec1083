package dev.tollgate.ingest.service;

import dev.tollgate.ingest.api.IngestedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hands accepted events to durable storage; the returned future completes once every event is acknowledged. A plain
 * future, not a Uni: it is completed on the producer's I/O thread for every request, where Mutiny's context capture
 * per stage was measurable (docs/performance.md, "Tenth scale-out ingest runs").
 */
public interface EventPublisher {

    CompletableFuture<Void> publish(List<IngestedEvent> events);
}
