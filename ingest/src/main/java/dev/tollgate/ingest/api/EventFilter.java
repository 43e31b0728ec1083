package dev.tollgate.ingest.api;

import java.time.Instant;
import java.util.List;

/**
 * What the event browser asks for, with OpenMeter's semantics: time and ingestion bounds are from-inclusive and
 * to-exclusive, {@code id} and {@code subject} match partially, newest first.
 *
 * @param subjects when not null, only events of exactly these subjects (a customer's), possibly none
 */
public record EventFilter(String namespace, Instant from, Instant to, Instant ingestedAtFrom, Instant ingestedAtTo,
        String id, String subject, List<String> subjects, String type, int limit) {
}
