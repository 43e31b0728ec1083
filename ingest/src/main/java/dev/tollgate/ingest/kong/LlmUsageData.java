package dev.tollgate.ingest.kong;

import static dev.tollgate.ingest.kong.KongJson.numberNode;
import static dev.tollgate.ingest.kong.KongJson.putNumber;
import static dev.tollgate.ingest.kong.KongJson.putText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code data} of an {@code llm-usage} event: one call's tokens with the dimensions the default LLM meters group
 * by ({@code model}, {@code provider}, {@code route}). Token counts are always present, so that SUM meters always
 * find their value; the other fields are left out when Kong did not log them.
 */
final class LlmUsageData {

    private LlmUsageData() {
    }

    static ObjectNode of(LlmUsage usage, JsonNode record) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("input_tokens", numberNode(usage.inputTokens()));
        data.set("output_tokens", numberNode(usage.outputTokens()));
        data.set("total_tokens", numberNode(usage.totalTokens()));
        putText(data, "model", usage.model());
        putText(data, "request_model", usage.requestModel());
        putText(data, "provider", usage.provider());
        // Kong's estimate from prices in its own plugin config: informative, not what the customer is charged.
        putNumber(data, "cost", usage.cost());
        putText(data, "cache_status", usage.cacheStatus());
        putText(data, "route", ApiRequestData.route(record));
        putText(data, "service", ApiRequestData.service(record));
        putNumber(data, "status", ApiRequestData.status(record));
        data.put("plugin", usage.pluginName());
        // Set-aside usage shows what Kong logged, not a count made up from it.
        usage.invalidCounts().forEach(data::set);
        return data;
    }
}
