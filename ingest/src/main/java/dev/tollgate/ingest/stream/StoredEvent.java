package dev.tollgate.ingest.stream;

import java.time.Instant;

/**
 * One ingested record as the raw event store keeps it.
 *
 * @param event the CloudEvent JSON, or the record's bytes as text when it could not be read as one
 * @param validationError why no meter took a value from it, or why it could not be processed; empty when fine
 * @param storedAt when the store wrote it; null on the way in, the store sets it
 */
public record StoredEvent(String namespace, String id, String source, String type, String subject, Instant time,
        Instant ingestedAt, Instant storedAt, String event, String validationError, String topic, int partition,
        long offset) {
}
