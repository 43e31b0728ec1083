package dev.tollgate.invoicing.api;

import java.time.Instant;

/** OpenMeter's {@code Progress}: how far a long run is. */
public record Progress(String id, long success, long failed, long total, Instant updatedAt, Instant finishedAt) {
}
