package dev.tollgate.ingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.shared.time.Rfc3339;
import java.time.Instant;

/**
 * An accepted CloudEvent as it travels on the ingest topic: this is the contract between ingest and its consumers.
 * Its time is parsed once, on first use: the aggregator asks for it several times per event.
 */
public final class IngestedEvent {

    private final String namespace;
    private final Instant ingestedAt;
    private final ObjectNode event;
    private final String setAsideReason;
    private Instant time;

    /**
     * @param namespace the tenant the event belongs to, from the API key that sent it
     * @param ingestedAt when Tollgate accepted it
     * @param event the CloudEvent in structured JSON form, with {@code time} always set
     */
    public IngestedEvent(String namespace, Instant ingestedAt, ObjectNode event) {
        this(namespace, ingestedAt, event, null);
    }

    private IngestedEvent(String namespace, Instant ingestedAt, ObjectNode event, String setAsideReason) {
        this.namespace = namespace;
        this.ingestedAt = ingestedAt;
        this.event = event;
        this.setAsideReason = setAsideReason;
    }

    /**
     * A record that was accepted but cannot be metered (too old, a negative token count...): it travels the same way
     * so that it is kept, with its reason, in the event store, but no meter folds it and no backfill reads it.
     *
     * @param content the event as far as it could be made, or the record as it came
     */
    public static IngestedEvent setAside(String namespace, Instant ingestedAt, ObjectNode content, String reason) {
        return new IngestedEvent(namespace, ingestedAt, content, reason);
    }

    /** Why the record is kept but not metered; null for an event to meter. */
    public String setAsideReason() {
        return setAsideReason;
    }

    public boolean isSetAside() {
        return setAsideReason != null;
    }

    public String namespace() {
        return namespace;
    }

    public Instant ingestedAt() {
        return ingestedAt;
    }

    public ObjectNode event() {
        return event;
    }

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

    /** @throws IllegalArgumentException when the event's time is missing or not RFC 3339 */
    public Instant time() {
        if (time == null) {
            String text = event.path("time").asText();
            time = Rfc3339.parse(text)
                    .orElseThrow(() -> new IllegalArgumentException("time is not RFC 3339: '" + text + "'"));
        }
        return time;
    }
}
