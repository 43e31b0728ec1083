package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudEvents id of a record, which is also the dedup key: Kong delivers at least once and retries a failed batch
 * whole, so the same record can arrive several times and must get the same id every time.
 */
final class RequestId {

    /** Marks ids derived from content, so they are never mistaken for Kong's 32-hex request ids. */
    static final String DERIVED_PREFIX = "sha256-";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper CANONICAL_WRITER = new ObjectMapper();

    private RequestId() {
    }

    /**
     * Kong's request id ({@code request.id}, Kong 3.5 and later), else the {@code X-Kong-Request-Id} response header
     * (same value), else a SHA-256 of the record's canonical content.
     */
    static String of(JsonNode record) {
        Optional<String> kongId = KongJson.text(record.path("request").get("id"));
        if (kongId.isPresent()) {
            return kongId.get();
        }
        Optional<String> header = KongJson.firstText(KongJson.header(record.path("response").get("headers"),
                "x-kong-request-id"));
        return header.orElseGet(() -> derived(record));
    }

    /**
     * Older Kong sends no request id. A random id would defeat dedup, because a retried batch would then be counted
     * twice; a hash of the content gives a retried record the same id. The record is canonicalised first (keys sorted,
     * numbers normalised) so that the id does not depend on Lua's arbitrary key order nor on whether the JSON mapper
     * reads floats as doubles or decimals. Two genuinely different calls only collide if every logged field, including
     * the millisecond start time, client address and latencies, is the same.
     */
    static String derived(JsonNode record) {
        try {
            byte[] canonical = CANONICAL_WRITER.writeValueAsString(canonical(record)).getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return DERIVED_PREFIX + HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            // Neither can happen for an in-memory tree and a JDK-mandated algorithm.
            throw new IllegalStateException("cannot hash a Kong record", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            ObjectNode sorted = NODES.objectNode();
            fields.forEach(field -> sorted.set(field.getKey(), canonical(field.getValue())));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = NODES.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        if (node.isNumber()) {
            // 1, 1.0 and 1e0 are one value, and a double and a decimal read from the same text must agree, hence
            // the rounding to what a double can hold. A number too odd to read keeps its own, still stable, text.
            return KongJson.number(node)
                    .map(v -> v.round(KongJson.DOUBLE_DIGITS))
                    .<JsonNode>map(v -> NODES.numberNode(v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros()))
                    .orElseGet(() -> NODES.textNode("number:" + node.asText()));
        }
        return node;
    }
}
