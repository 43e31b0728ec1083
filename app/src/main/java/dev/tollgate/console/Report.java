package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A report as the API answered it, for a page that shows it whatever its columns: its scalar fields (the range, the
 * zone, MRR and ARR) and its rows as a table; or that this Tollgate does not serve it (404), or the API's refusal.
 */
@TemplateData
public record Report(boolean available, String message, Map<String, String> facts, Views.Table rows,
        Views.Table totals, JsonNode json) {

    static Report of(ApiAnswer answer) {
        if (answer.missing()) {
            return new Report(false, "Not available: this Tollgate does not serve " + answer.call().replaceAll(
                    "\\?.*", "") + " yet.", Map.of(), Views.table(ApiClient.JSON.createArrayNode()),
                    Views.table(ApiClient.JSON.createArrayNode()), answer.json());
        }
        if (!answer.ok()) {
            return new Report(false, answer.message(), Map.of(), Views.table(ApiClient.JSON.createArrayNode()),
                    Views.table(ApiClient.JSON.createArrayNode()), answer.json());
        }
        Map<String, String> facts = new LinkedHashMap<>();
        answer.json().fields().forEachRemaining(field -> {
            if (field.getValue().isValueNode()) {
                facts.put(field.getKey(), field.getValue().asText());
            } else if (field.getValue().isArray() && field.getValue().size() > 0
                    && field.getValue().get(0).isValueNode()) {
                java.util.List<String> values = new java.util.ArrayList<>();
                field.getValue().forEach(value -> values.add(value.asText()));
                facts.put(field.getKey(), String.join(", ", values));
            }
        });
        JsonNode rows = answer.json().isArray() ? answer.json() : answer.json().path("data");
        return new Report(true, "", facts, Views.table(rows), Views.table(answer.json().path("totals")),
                answer.json());
    }
}
