package dev.tollgate.ingest.api;

import java.time.Instant;

/**
 * One ingested record as the raw event store keeps it.
 *
 * @param event the CloudEvent JSON in UTF-8, or the record's bytes when it could not be read as one; kept as read
 *     from Kafka, not copied
 * @param validationError why no meter took a value from it, or why it could not be processed; empty when fine
 * @param storedAt when the store wrote it; null on the way in, the store sets it
 * @param setAside a record accepted but not to be metered ({@link IngestedEvent#setAside}): no backfill reads it
 */
public record StoredEvent(String namespace, String id, String source, String type, String subject, Instant time,
        Instant ingestedAt, Instant storedAt, byte[] event, String validationError, String topic, int partition,
        long offset, boolean setAside) {

    public String eventText() {
        return new String(event, java.nio.charset.StandardCharsets.UTF_8);
    }
}
