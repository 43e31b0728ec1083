package dev.tollgate.ingest.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * An accepted CloudEvent as it travels on the ingest topic: this is the contract between ingest and its consumers.
 *
 * @param namespace the tenant the event belongs to, from the API key that sent it
 * @param ingestedAt when Tollgate accepted it
 * @param event the CloudEvent in structured JSON form, with {@code time} always set
 */
public record IngestedEvent(String namespace, Instant ingestedAt, ObjectNode event) {

    public String id() {
        return event.path("id").asText();
    }

    public String source() {
        return event.path("source").asText();
    }

    public String type() {
        return event.path("type").asText();
    }

    public String subject() {
        return event.path("subject").asText();
    }

    public Instant time() {
        return java.time.OffsetDateTime.parse(event.path("time").asText()).toInstant();
    }
}
