package dev.tollgate.ingest.service;

import dev.tollgate.ingest.api.IngestedEvent;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Hands accepted events to durable storage; the returned Uni completes once every event is acknowledged. */
public interface EventPublisher {

    Uni<Void> publish(List<IngestedEvent> events);
}
