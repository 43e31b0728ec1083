package dev.tollgate.meters.domain;

import java.time.Instant;

/**
 * Folding the raw events that a meter generation's live aggregation started after.
 *
 * @param hoursTotal hours of event time that hold events to fold; known once the backfill runs
 */
public record Backfill(String seriesId, String meterId, int generation, Status status, int hoursTotal, int hoursDone,
        long eventsRead, String detail, Instant createdAt, Instant updatedAt) {

    public enum Status {
        /** Waiting for the aggregator to fold the generation live on every partition of the ingest topic. */
        WAITING,
        RUNNING,
        DONE,
        /** The meter was changed again or deleted before the backfill finished. */
        CANCELLED;

        public boolean isOpen() {
            return this == WAITING || this == RUNNING;
        }
    }
}
