package dev.tollgate.ingest.api;

import java.time.Duration;
import java.util.Optional;

/**
 * How far the raw event archive is behind the ingest topic. The archive is its own consumer group, so the event
 * browser may show events later than meters count them; this says by how much.
 */
public interface ArchiveLag {

    /**
     * @param events records on the topic not yet archived
     * @param behind the archive holds everything that was on the topic this long ago (zero when caught up)
     */
    record Lag(long events, Duration behind) {
    }

    /** The last measured lag; empty until measured, or when it could not be measured lately. */
    Optional<Lag> current();
}
