package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as the API answered it, shown whatever its columns: its scalar fields (the range and zone it covers) as
 * facts, and each list or object in it as a table under its own name (showback's {@code data} and {@code totals},
 * revenue's {@code mrr} and {@code movements}, margin's {@code rows}); or that this Tollgate does not serve it (404),
 * or the API's refusal.
 */
@TemplateData
public record Report(boolean available, String message, Map<String, String> facts, List<Section> sections,
        JsonNode json) {

    /** One list or object of the answer, as a table. */
    @TemplateData
    public record Section(String name, Views.Table table) {
    }

    static Report of(ApiAnswer answer) {
        if (answer.missing()) {
            return new Report(false, "Not available: this Tollgate does not serve " + answer.call().replaceAll(
                    "\\?.*", "") + " yet.", Map.of(), List.of(), answer.json());
        }
        if (!answer.ok()) {
            return new Report(false, answer.message(), Map.of(), List.of(), answer.json());
        }
        Map<String, String> facts = new LinkedHashMap<>();
        List<Section> sections = new ArrayList<>();
        if (answer.json().isArray()) {
            sections.add(new Section("", Views.table(answer.json())));
        }
        answer.json().fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isValueNode()) {
                facts.put(field.getKey(), value.asText());
            } else if (value.isArray() && !value.isEmpty() && value.get(0).isValueNode()) {
                List<String> values = new ArrayList<>();
                value.forEach(v -> values.add(v.asText()));
                facts.put(field.getKey(), String.join(", ", values));
            } else if (value.isArray()) {
                sections.add(new Section(field.getKey(), Views.table(value)));
            } else if (value.isObject()) {
                sections.add(new Section(field.getKey(), Views.table(ApiClient.JSON.createArrayNode().add(value))));
            }
        });
        return new Report(true, "", facts, sections, answer.json());
    }
}
