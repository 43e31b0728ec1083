package dev.tollgate.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CloudEvent sent in HTTP binary mode (attributes in {@code ce-*} headers, the data as the body) into the
 * structured JSON form, so that both modes pass through one validator and yield the same event on the topic.
 */
public final class BinaryCloudEvent {

    public static final String SPEC_VERSION_HEADER = "ce-specversion";
    private static final String PREFIX = "ce-";

    private BinaryCloudEvent() {
    }

    public static boolean isBinary(Map<String, List<String>> headers) {
        return headers.keySet().stream().anyMatch(SPEC_VERSION_HEADER::equalsIgnoreCase);
    }

    /**
     * @param data the parsed body, or null when the body was empty
     */
    public static ObjectNode toStructured(Map<String, List<String>> headers, String contentType, JsonNode data) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(PREFIX) && lower.length() > PREFIX.length() && !values.isEmpty()) {
                // The HTTP binding percent-encodes attribute values that are not printable ASCII.
                event.put(lower.substring(PREFIX.length()), decode(values.get(0)));
            }
        });
        if (contentType != null) {
            event.put("datacontenttype", contentType);
        }
        if (data != null) {
            event.set("data", data);
        }
        return event;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
