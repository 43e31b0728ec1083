package dev.tollgate.ingest.kong;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The consumer's groups. Kong's serializer has no such field: Enterprise consumer groups only reach the log through
 * a {@code custom_fields_by_lua} entry named {@code consumer_groups}, and ACL groups through the
 * {@code X-Consumer-Groups} (or {@code X-Authenticated-Groups}) header that the ACL plugin sets upstream.
 */
final class ConsumerGroups {

    static final String CUSTOM_FIELD = "consumer_groups";
    private static final List<String> HEADERS = List.of("x-consumer-groups", "x-authenticated-groups");

    private ConsumerGroups() {
    }

    /** Group names, without duplicates, in the order logged; empty when the record names none. */
    static List<String> of(JsonNode record) {
        Set<String> groups = new LinkedHashSet<>();
        collect(record.get(CUSTOM_FIELD), groups);
        if (groups.isEmpty()) {
            JsonNode headers = record.path("request").get("headers");
            HEADERS.forEach(name -> collect(KongJson.header(headers, name), groups));
        }
        return new ArrayList<>(groups);
    }

    /**
     * Accepts what a custom field or header may hold: {@code "a, b"}, {@code ["a", "b"]} (a custom field, or a
     * repeated header) and {@code [{"name": "a"}]} (group entities copied whole by a custom field).
     */
    private static void collect(JsonNode value, Set<String> groups) {
        if (value == null) {
            return;
        }
        if (value.isArray()) {
            value.forEach(element -> collect(element, groups));
        } else if (value.isObject()) {
            Optional<String> name = KongJson.text(value.get("name"));
            (name.isPresent() ? name : KongJson.text(value.get("id"))).ifPresent(groups::add);
        } else {
            KongJson.text(value).ifPresent(list -> {
                for (String group : list.split(",")) {
                    if (!group.isBlank()) {
                        groups.add(group.trim());
                    }
                }
            });
        }
    }
}
