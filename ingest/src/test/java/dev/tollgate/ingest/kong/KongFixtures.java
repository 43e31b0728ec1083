package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Kong http-log samples and small hand-built records for the mapper tests. */
final class KongFixtures {

    /** A mapper as Jackson comes: floats are read as doubles. */
    static final ObjectMapper JSON = new ObjectMapper();

    /** A mapper as Tollgate's {@code JsonCustomizer} configures it: floats are read as decimals. */
    static final ObjectMapper DECIMAL_JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static final String REST_SAMPLE = "01-http-log-rest-200.json";
    static final String AI_SAMPLE = "04-http-log-ai-proxy-chat.json";
    static final String BATCH_SAMPLE = "05-http-log-batch-array.json";

    private KongFixtures() {
    }

    static JsonNode sample(String name) {
        return parse(sampleText(name));
    }

    static String sampleText(String name) {
        try (InputStream in = KongFixtures.class.getResourceAsStream("/kong/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /kong/" + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Single quotes instead of double ones, to keep inline records readable. */
    static ObjectNode record(String singleQuotedJson) {
        return (ObjectNode) parse(singleQuotedJson.replace('\'', '"'));
    }

    /** The smallest record the mapper accepts, with an id, a consumer and a route. */
    static ObjectNode minimalRecord() {
        return record("""
                {'request': {'id': 'req-1', 'method': 'GET', 'uri': '/x', 'headers': {}},
                 'response': {'status': 200},
                 'consumer': {'id': 'c-id', 'username': 'c-name', 'custom_id': 'c-custom'},
                 'route': {'id': 'r-id', 'name': 'r-name'},
                 'started_at': 1751362210123}""");
    }

    static ObjectNode withAi(String singleQuotedAi) {
        ObjectNode record = minimalRecord();
        record.set("ai", parse(singleQuotedAi.replace('\'', '"')));
        return record;
    }

    static String serialize(List<ObjectNode> events) {
        try {
            return JSON.writeValueAsString(events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serialized and read back, so that numbers compare by value rather than by node class. */
    static JsonNode normalised(JsonNode node) {
        try {
            return JSON.readTree(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> map(JsonNode record) {
        return KongLogMapper.map(record, KongMappingConfig.defaults());
    }

    static List<ObjectNode> ofType(List<ObjectNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }
}
