package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report row's group ({@code {"department": "01K…", "model": "gpt-4o"}}) as people read it: customers named and
 * linked instead of their ids.
 */
final class Groups {

    private Groups() {
    }

    /** A group as shown: its text, and the customer page it links to when it is one customer. */
    @TemplateData
    public record Shown(String text, String link) {
    }

    /** The ids of the customers in these rows' groups, in the rows' order, under the dimensions that hold them. */
    static List<String> customerIds(JsonNode rows, Set<String> customerDimensions) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> customerDimensions.forEach(dimension -> {
            JsonNode id = row.path("group").path(dimension);
            if (id.isTextual()) {
                ids.add(id.asText());
            }
        }));
        return ids;
    }

    static Shown shown(JsonNode group, Set<String> customerDimensions, Map<String, String> names) {
        List<String> parts = new ArrayList<>();
        String link = null;
        var fields = group.fields();
        boolean many = group.size() > 1;
        while (fields.hasNext()) {
            var field = fields.next();
            String value = field.getValue().isNull() ? "(none)" : field.getValue().asText();
            if (customerDimensions.contains(field.getKey()) && !field.getValue().isNull()) {
                link = "/console/customers/" + ApiClient.segment(value);
                value = names.getOrDefault(value, value);
            }
            parts.add(many ? field.getKey() + ": " + value : value);
        }
        return new Shown(parts.isEmpty() ? "(all)" : String.join(", ", parts), many ? null : link);
    }
}
