package dev.tollgate.ingest.api;

import java.time.Instant;

/**
 * One ingested record as the raw event store keeps it.
 *
 * @param event the CloudEvent JSON in UTF-8, or the record's bytes when it could not be read as one; kept as read
 *     from Kafka, not copied
 * @param validationError why the record could not be processed (unreadable, set aside), as stored; for an event that
 *     was, why no meter takes a value from it, worked out when it is listed ({@link EventProblems}); empty when fine
 * @param storedAt when the store wrote it; null on the way in, the store sets it
 * @param setAside a record accepted but not to be metered ({@link IngestedEvent#setAside}): no backfill reads it
 */
public record StoredEvent(String namespace, String id, String source, String type, String subject, Instant time,
        Instant ingestedAt, Instant storedAt, byte[] event, String validationError, String topic, int partition,
        long offset, boolean setAside) {

    public StoredEvent withValidationError(String error) {
        return new StoredEvent(namespace, id, source, type, subject, time, ingestedAt, storedAt, event, error, topic,
                partition, offset, setAside);
    }

    public String eventText() {
        return new String(event, java.nio.charset.StandardCharsets.UTF_8);
    }
}
