package dev.tollgate.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.shared.time.Rfc3339;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * An accepted CloudEvent as it travels on the ingest topic: this is the contract between ingest and its consumers.
 * Its time is parsed once, on first use: the aggregator asks for it several times per event.
 *
 * <p>An event read from the topic ({@link IngestTopicCodec#decode}) carries its attributes and its data, and builds
 * the whole JSON object only if asked: the consumers never need it, and building it was a fifth of their CPU.
 */
public final class IngestedEvent {

    private final String namespace;
    private final Instant ingestedAt;
    private ObjectNode event;
    /** Builds {@link #event} for an event read from the topic; null once it is built or when it was given. */
    private Supplier<ObjectNode> whole;
    /** The attributes of an event read from the topic, in {@link Attributes}' order; null when it was given whole. */
    private final String[] attributes;
    private final JsonNode data;
    /** Whether {@link #data} was read with the attributes; if not, it is read from the whole event when asked for. */
    private final boolean dataRead;
    private final String setAsideReason;
    /** The event's JSON exactly as the client sent it, when {@link #event} reads the same; else null. */
    private final byte[] sent;
    private Instant time;

    /**
     * @param namespace the tenant the event belongs to, from the API key that sent it
     * @param ingestedAt when Tollgate accepted it
     * @param event the CloudEvent in structured JSON form, with {@code time} always set
     */
    public IngestedEvent(String namespace, Instant ingestedAt, ObjectNode event) {
        this(namespace, ingestedAt, event, null, null);
    }

    private IngestedEvent(String namespace, Instant ingestedAt, ObjectNode event, String setAsideReason,
            byte[] sent) {
        this.namespace = namespace;
        this.ingestedAt = ingestedAt;
        this.event = event;
        this.whole = null;
        this.attributes = null;
        this.data = null;
        this.dataRead = false;
        this.setAsideReason = setAsideReason;
        this.sent = sent;
    }

    /**
     * An accepted event together with the bytes the client sent for it, which the topic then carries as they are.
     *
     * @param sent UTF-8 JSON that parses to exactly {@code event}
     */
    public static IngestedEvent asSent(String namespace, Instant ingestedAt, ObjectNode event, byte[] sent) {
        return new IngestedEvent(namespace, ingestedAt, event, null, sent);
    }

    private IngestedEvent(String namespace, Instant ingestedAt, String[] attributes, JsonNode data, boolean dataRead,
            Supplier<ObjectNode> whole) {
        this.namespace = namespace;
        this.ingestedAt = ingestedAt;
        this.attributes = attributes;
        this.data = data;
        this.dataRead = dataRead;
        this.whole = whole;
        this.setAsideReason = null;
        this.sent = null;
    }

    /** The attributes a consumer reads, each a JSON string in the record. */
    enum Attributes {
        ID, SOURCE, TYPE, SUBJECT, TIME;

        final String field = name().toLowerCase(Locale.ROOT);
    }

    /**
     * An event read from the topic, as its attributes (each as {@code event.path(name).asText()} would read it: ""
     * when absent) and, if {@code dataRead}, its data (null when absent), with what builds the whole object on demand.
     */
    static IngestedEvent read(String namespace, Instant ingestedAt, String[] attributes, JsonNode data,
            boolean dataRead, Supplier<ObjectNode> whole) {
        return new IngestedEvent(namespace, ingestedAt, attributes, data, dataRead, whole);
    }

    /**
     * A record that was accepted but cannot be metered (too old, a negative token count...): it travels the same way
     * so that it is kept, with its reason, in the event store, but no meter folds it and no backfill reads it.
     *
     * @param content the event as far as it could be made, or the record as it came
     */
    public static IngestedEvent setAside(String namespace, Instant ingestedAt, ObjectNode content, String reason) {
        return new IngestedEvent(namespace, ingestedAt, content, reason, null);
    }

    /** The event's JSON as the client sent it, if known and unchanged since; null otherwise. */
    byte[] sent() {
        return sent;
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
        if (event == null) {
            event = whole.get();
            whole = null;
        }
        return event;
    }

    /** The event's data; null when it has none. */
    public JsonNode data() {
        return attributes != null && dataRead ? data : event().get("data");
    }

    private String attribute(Attributes attribute) {
        return attributes != null ? attributes[attribute.ordinal()] : event.path(attribute.field).asText();
    }

    public String id() {
        return attribute(Attributes.ID);
    }

    public String source() {
        return attribute(Attributes.SOURCE);
    }

    public String type() {
        return attribute(Attributes.TYPE);
    }

    public String subject() {
        return attribute(Attributes.SUBJECT);
    }

    /** @throws IllegalArgumentException when the event's time is missing or not RFC 3339 */
    public Instant time() {
        if (time == null) {
            String text = attribute(Attributes.TIME);
            time = Rfc3339.parse(text)
                    .orElseThrow(() -> new IllegalArgumentException("time is not RFC 3339: '" + text + "'"));
        }
        return time;
    }
}
