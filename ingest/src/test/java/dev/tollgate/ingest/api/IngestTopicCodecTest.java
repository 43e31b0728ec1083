package dev.tollgate.ingest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.shared.json.JsonCustomizer;
import dev.tollgate.shared.time.Rfc3339;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A record read from the topic must read exactly as the whole JSON object would: both consumer groups take their
 * decisions (readable, the event key, the meters' values) from what {@link IngestTopicCodec#decode} gives.
 */
class IngestTopicCodecTest {

    /** Configured as the app's mapper is (decimals, trailing tokens refused...). */
    private final ObjectMapper json = appMapper();
    private final IngestTopicCodec codec = new IngestTopicCodec(json);
    /** Jackson's defaults: what a record reads as must not depend on how the mapper is set up. */
    private final ObjectMapper plain = new ObjectMapper();
    private final IngestTopicCodec plainCodec = new IngestTopicCodec(plain);
    private static final Instant INGESTED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void anEventWrittenByIngestReadsBackAsWritten() throws IOException {
        ObjectNode event = (ObjectNode) json.readTree("""
                {"specversion":"1.0","id":"e-1","source":"gw","type":"api-request","subject":"acme",
                 "time":"2026-03-01T09:59:00Z","data":{"route":"/v1","tokens":12.5,"tags":["a",{"b":1}]}}""");
        ProducerRecord<String, byte[]> record = codec.encode("t", new IngestedEvent("default", INGESTED, event));

        IngestedEvent read = codec.decode(record.value(), 0, record.headers());

        assertEquals("default", read.namespace());
        assertEquals(INGESTED, read.ingestedAt());
        assertEquals(List.of("e-1", "gw", "api-request", "acme"),
                List.of(read.id(), read.source(), read.type(), read.subject()));
        assertEquals(Instant.parse("2026-03-01T09:59:00Z"), read.time());
        assertEquals(event.get("data"), read.data());
        assertEquals(event, read.event());
    }

    @Test
    void readsEveryRecordAsTheWholeObjectWould() throws IOException {
        List<String> values = List.of(
                "{}",
                "{\"id\":\"x\",\"data\":null}",
                "{\"id\":1,\"source\":\"s\",\"data\":{\"v\":1}}",
                "{\"id\":1e2,\"source\":true,\"type\":null,\"subject\":{\"a\":1},\"time\":[1]}",
                "{\"id\":\"a\",\"id\":\"b\",\"data\":{\"v\":1},\"data\":\"text\"}",
                "{\"id\":\"a\",\"id\":7}",
                "{\"type\":\"t\",\"ext\":{\"id\":\"inner\",\"data\":{\"v\":2}},\"subject\":\"s\\u00e9\\\"q\"}",
                "{\"data\":[1,2,{\"id\":\"no\"}],\"id\":\"\"}",
                "{\"id\":\"e\"} trailing");
        for (String value : values) {
            assertReadsAsWhole(value);
        }
    }

    @Test
    void readsRandomEventsAsTheWholeObjectWould() throws IOException {
        Random random = new Random(42);
        String[] names = {"id", "source", "type", "subject", "time", "data", "specversion", "x"};
        String[] values = {"\"v\"", "\"\"", "1", "2.50", "-3e4", "true", "null", "{\"id\":\"n\"}", "[\"a\"]",
                "\"2026-01-01T00:00:00Z\"", "{\"tokens\":5,\"model\":\"m\"}"};
        for (int i = 0; i < 2_000; i++) {
            StringBuilder value = new StringBuilder("{");
            int fields = random.nextInt(9);
            for (int f = 0; f < fields; f++) {
                value.append(f == 0 ? "" : ",").append('"').append(names[random.nextInt(names.length)]).append("\":")
                        .append(values[random.nextInt(values.length)]);
            }
            assertReadsAsWhole(value.append('}').toString());
        }
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        for (String value : List.of("[1]", "\"text\"", "12", "{\"id\":", "{\"id\":\"a\"", "")) {
            assertThrows(IOException.class, () -> codec.decode(bytes(value), 0, headers()), value);
            assertThrows(IOException.class, () -> plainCodec.decode(bytes(value), 0, headers()), value);
        }
    }

    @Test
    void aSetAsideRecordKeepsItsReasonAndContent() throws IOException {
        RecordHeaders headers = headers();
        headers.add(IngestTopicCodec.SET_ASIDE_HEADER, bytes("too old"));

        IngestedEvent read = codec.decode(bytes("{\"id\":5}"), 0, headers);

        assertTrue(read.isSetAside());
        assertEquals("too old", read.setAsideReason());
        assertEquals(json.readTree("{\"id\":5}"), read.event());
    }

    private void assertReadsAsWhole(String value) throws IOException {
        assertReadsAsWhole(value, json, codec);
        assertReadsAsWhole(value, plain, plainCodec);
    }

    private static ObjectMapper appMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonCustomizer().customize(mapper);
        return mapper;
    }

    private static void assertReadsAsWhole(String value, ObjectMapper json, IngestTopicCodec codec)
            throws IOException {
        JsonNode whole;
        try {
            whole = json.readTree(value);
        } catch (IOException unreadable) {
            assertThrows(IOException.class, () -> codec.decode(bytes(value), 0, headers()), value);
            assertThrows(IOException.class, () -> codec.decodeWithoutData(bytes(value), 0, headers()), value);
            return;
        }
        // Read with the data, and without it (the archiver's), which reads the data from the record if asked for.
        assertReadsAsWhole(value, whole, codec.decode(bytes(value), 0, headers()));
        assertReadsAsWhole(value, whole, codec.decodeWithoutData(bytes(value), 0, headers()));
    }

    private static void assertReadsAsWhole(String value, JsonNode whole, IngestedEvent read) {
        for (String attribute : List.of("id", "source", "type", "subject")) {
            String expected = whole.path(attribute).asText();
            String actual = switch (attribute) {
                case "id" -> read.id();
                case "source" -> read.source();
                case "type" -> read.type();
                default -> read.subject();
            };
            assertEquals(expected, actual, attribute + " of " + value);
        }
        assertEquals(whole.get("data"), read.data(), "data of " + value);
        assertEquals(whole, read.event(), value);
        assertEquals(Rfc3339.parse(whole.path("time").asText()).orElse(null), timeOrNull(read), "time of " + value);
    }

    private static Instant timeOrNull(IngestedEvent read) {
        try {
            return read.time();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static RecordHeaders headers() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(IngestTopicCodec.NAMESPACE_HEADER, bytes("default"));
        headers.add(IngestTopicCodec.INGESTED_AT_HEADER, bytes(Long.toString(INGESTED.toEpochMilli())));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
