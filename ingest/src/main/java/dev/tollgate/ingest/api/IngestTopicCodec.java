package dev.tollgate.ingest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How {@link IngestedEvent}s are laid out on Kafka. The value is the CloudEvent in structured JSON mode, so any
 * CloudEvents-aware tool can read the topic; the tenant and the ingestion time travel in headers.
 *
 * <p>The key is (namespace, source, id): every copy of one event lands on the same partition, whatever its subject, so
 * that the aggregator, the single writer of each partition, can recognise a repeat there. Nothing needs one subject's
 * events in order: windows fold in any order.
 *
 * <p>The ingestion time is the app's clock (which tests move through months), carried in a header; the record's own
 * timestamp is left to the producer, so that the broker's checks and retention see real time.
 */
public final class IngestTopicCodec {

    public static final String NAMESPACE_HEADER = "tollgate-namespace";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    /** Epoch milliseconds, in decimal. Records written before it existed carry the ingestion time as timestamp. */
    public static final String INGESTED_AT_HEADER = "tollgate-ingested-at";
    /** Present on a record kept but not to be metered: why, in UTF-8. */
    public static final String SET_ASIDE_HEADER = "tollgate-set-aside";
    private static final byte[] CLOUDEVENTS_JSON = "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);

    private static final IngestedEvent.Attributes[] ATTRIBUTES = IngestedEvent.Attributes.values();

    private final ObjectMapper json;
    /** Reads the data inside a record: the value goes on after it, whatever the mapper says of trailing tokens. */
    private final ObjectReader dataReader;
    private final boolean refusesTrailingTokens;

    public IngestTopicCodec(ObjectMapper json) {
        this.json = json;
        this.dataReader = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.refusesTrailingTokens = json.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public ProducerRecord<String, byte[]> encode(String topic, IngestedEvent event) {
        Headers headers = new RecordHeaders()
                .add(new RecordHeader(NAMESPACE_HEADER, event.namespace().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader(CONTENT_TYPE_HEADER, CLOUDEVENTS_JSON))
                .add(new RecordHeader(INGESTED_AT_HEADER, Long.toString(event.ingestedAt().toEpochMilli())
                        .getBytes(StandardCharsets.US_ASCII)));
        if (event.isSetAside()) {
            headers.add(new RecordHeader(SET_ASIDE_HEADER, event.setAsideReason().getBytes(StandardCharsets.UTF_8)));
        }
        try {
            byte[] value = event.sent() != null ? event.sent() : json.writeValueAsBytes(event.event());
            return new ProducerRecord<>(topic, null, null, key(event), value, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a record; {@code timestamp} is the record's, the ingestion time of records without the header. */
    public IngestedEvent decode(byte[] value, long timestamp, Headers headers) throws IOException {
        return decode(value, timestamp, headers, true);
    }

    /**
     * Decodes a record's attributes only, for a reader that keeps the record as it is: the data is skipped, and read
     * from the record only if {@link IngestedEvent#data} is asked for.
     */
    public IngestedEvent decodeWithoutData(byte[] value, long timestamp, Headers headers) throws IOException {
        return decode(value, timestamp, headers, false);
    }

    private IngestedEvent decode(byte[] value, long timestamp, Headers headers, boolean withData) throws IOException {
        Header namespace = headers.lastHeader(NAMESPACE_HEADER);
        if (namespace == null) {
            throw new IOException("record has no " + NAMESPACE_HEADER + " header");
        }
        String tenant = new String(namespace.value(), StandardCharsets.UTF_8);
        Instant ingestedAt = ingestedAt(timestamp, headers);
        Header setAside = headers.lastHeader(SET_ASIDE_HEADER);
        if (setAside != null) {
            return IngestedEvent.setAside(tenant, ingestedAt, wholeObject(value),
                    new String(setAside.value() == null ? new byte[0] : setAside.value(), StandardCharsets.UTF_8));
        }
        IngestedEvent read = readAttributes(tenant, ingestedAt, value, withData);
        return read != null ? read : new IngestedEvent(tenant, ingestedAt, wholeObject(value));
    }

    private ObjectNode wholeObject(byte[] value) throws IOException {
        if (!(json.readTree(value) instanceof ObjectNode event)) {
            throw new IOException("record value is not a JSON object");
        }
        return event;
    }

    /**
     * Reads the attributes consumers use and the data, skipping the rest, without building the whole object.
     *
     * @return null when an attribute is there but not a string: the whole object then decides what it reads as
     */
    private IngestedEvent readAttributes(String tenant, Instant ingestedAt, byte[] value, boolean withData)
            throws IOException {
        String[] attributes = new String[ATTRIBUTES.length];
        Arrays.fill(attributes, ""); // what a missing attribute reads as, as with path(name).asText()
        JsonNode data = null;
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("record value is not a JSON object");
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                int attribute = attributeIndex(field);
                if (attribute >= 0) {
                    if (token != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    attributes[attribute] = parser.getText();
                } else if (withData && field.equals("data")) {
                    data = dataReader.readTree(parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (refusesTrailingTokens && parser.nextToken() != null) {
                throw new IOException("the record value goes on after its JSON object");
            }
        }
        return IngestedEvent.read(tenant, ingestedAt, attributes, data, withData, () -> {
            try {
                return wholeObject(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static int attributeIndex(String field) {
        for (IngestedEvent.Attributes attribute : ATTRIBUTES) {
            if (attribute.field.equals(field)) {
                return attribute.ordinal();
            }
        }
        return -1;
    }

    /** When the record was accepted: its header, or else (older records, a garbled header) its timestamp. */
    public static Instant ingestedAt(long timestamp, Headers headers) {
        Header header = headers.lastHeader(INGESTED_AT_HEADER);
        if (header != null && header.value() != null) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII)));
            } catch (NumberFormatException e) {
                // fall back to the record's timestamp
            }
        }
        return Instant.ofEpochMilli(timestamp);
    }

    /**
     * The partition key. Two different events may share it (a "/" inside a source or id); that only puts them on the
     * same partition, while deduplication compares namespace, source and id themselves.
     */
    static String key(IngestedEvent event) {
        return event.namespace() + "/" + event.source() + "/" + event.id();
    }
}
