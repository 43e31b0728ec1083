package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds token usage in the {@code ai} object that Kong's AI plugins add to the log. Layouts by Kong version:
 * <ul>
 * <li>3.6: flat, {@code ai.usage} and {@code ai.meta};</li>
 * <li>3.7 and 3.8: per plugin, {@code ai["ai-proxy"].usage} and {@code .meta};</li>
 * <li>3.9+: {@code ai.proxy.usage} for ai-proxy and ai-proxy-advanced, while the transformer plugins still write
 * {@code ai["ai-request-transformer"]} and the like.</li>
 * </ul>
 * Payloads ({@code ai.*.payload}) are never read: they are the prompts and answers themselves.
 */
final class AiSection {

    private AiSection() {
    }

    /** The usage of every plugin that logged statistics, in the order the record lists them. */
    static List<LlmUsage> usages(JsonNode record) {
        JsonNode ai = record.get("ai");
        List<LlmUsage> usages = new ArrayList<>();
        if (ai == null || !ai.isObject()) {
            return usages;
        }
        if (ai.path("usage").isObject() || ai.path("meta").isObject()) {
            usages.add(LlmUsage.read(Optional.empty(), ai.path("meta"), ai.path("usage"), ai.path("cache")));
        }
        for (Map.Entry<String, JsonNode> namespace : ai.properties()) {
            JsonNode plugin = namespace.getValue();
            // In the flat layout "usage", "meta" and "payload" are leaves, not namespaces, and hold no "usage" object.
            if (plugin.path("usage").isObject() || plugin.path("meta").isObject()) {
                usages.add(LlmUsage.read(Optional.of(namespace.getKey()), plugin.path("meta"), plugin.path("usage"),
                        plugin.path("cache")));
            }
        }
        usages.removeIf(usage -> !usage.isReported());
        return usages;
    }
}
