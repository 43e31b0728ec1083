package dev.tollgate.ingest.api;

import java.time.Instant;

/**
 * What the event browser asks for, with OpenMeter's semantics: time and ingestion bounds are from-inclusive and
 * to-exclusive, {@code id} and {@code subject} match partially, newest first.
 */
public record EventFilter(String namespace, Instant from, Instant to, Instant ingestedAtFrom, Instant ingestedAtTo,
        String id, String subject, String type, int limit) {
}
