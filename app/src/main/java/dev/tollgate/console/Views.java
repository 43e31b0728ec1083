package dev.tollgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The API's JSON as templates read it: maps and lists, numbers exact. */
public final class Views {

    private Views() {
    }

    static Object plain(JsonNode node) {
        return node == null || node.isMissingNode() ? null : ApiClient.JSON.convertValue(node, Object.class);
    }

    static List<Object> items(JsonNode node, String field) {
        JsonNode list = field == null ? node : node.path(field);
        List<Object> items = new ArrayList<>();
        list.forEach(item -> items.add(plain(item)));
        return items;
    }

    /**
     * Any list of flat-ish objects as a table: a column per field (nested objects flattened as {@code a.b}), in the
     * order they first appear. For report answers whose columns the console does not need to know.
     */
    @TemplateData
    public record Table(List<String> columns, List<List<String>> rows) {

        public boolean empty() {
            return rows.isEmpty();
        }
    }

    static Table table(JsonNode list) {
        List<Map<String, String>> flat = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        list.forEach(item -> {
            Map<String, String> row = new LinkedHashMap<>();
            flatten("", item, row);
            columns.addAll(row.keySet());
            flat.add(row);
        });
        List<String> order = new ArrayList<>(columns);
        List<List<String>> rows = flat.stream().map(row -> order.stream().map(c -> row.getOrDefault(c, "")).toList())
                .toList();
        return new Table(order, rows);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> row) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), row));
        } else if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.isValueNode() ? n.asText() : n.toString()));
            row.put(prefix.isEmpty() ? "value" : prefix, String.join(", ", parts));
        } else {
            row.put(prefix.isEmpty() ? "value" : prefix, node.isNull() ? "" : node.asText());
        }
    }
}
