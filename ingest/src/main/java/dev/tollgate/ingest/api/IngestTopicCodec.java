package dev.tollgate.ingest.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How {@link IngestedEvent}s are laid out on Kafka. The value is the CloudEvent in structured JSON mode, so any
 * CloudEvents-aware tool can read the topic; the tenant travels in a header. The key is namespace and subject, which
 * keeps one subject's events in order on one partition.
 */
public final class IngestTopicCodec {

    public static final String NAMESPACE_HEADER = "tollgate-namespace";
    public static final String CONTENT_TYPE_HEADER = "content-type";
    private static final byte[] CLOUDEVENTS_JSON = "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;

    public IngestTopicCodec(ObjectMapper json) {
        this.json = json;
    }

    public ProducerRecord<String, byte[]> encode(String topic, IngestedEvent event) {
        Headers headers = new RecordHeaders()
                .add(new RecordHeader(NAMESPACE_HEADER, event.namespace().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader(CONTENT_TYPE_HEADER, CLOUDEVENTS_JSON));
        try {
            byte[] value = json.writeValueAsBytes(event.event());
            return new ProducerRecord<>(topic, null, event.ingestedAt().toEpochMilli(), key(event), value, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a record; the Kafka record timestamp is the ingestion time, set by the producer. */
    public IngestedEvent decode(byte[] value, long timestamp, Headers headers) throws IOException {
        Header namespace = headers.lastHeader(NAMESPACE_HEADER);
        if (namespace == null) {
            throw new IOException("record has no " + NAMESPACE_HEADER + " header");
        }
        if (!(json.readTree(value) instanceof ObjectNode event)) {
            throw new IOException("record value is not a JSON object");
        }
        return new IngestedEvent(new String(namespace.value(), StandardCharsets.UTF_8), Instant.ofEpochMilli(timestamp),
                event);
    }

    static String key(IngestedEvent event) {
        return event.namespace() + "/" + event.subject();
    }
}
