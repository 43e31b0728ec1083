package dev.tollgate.shared.web;

import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenMeter's deepObject query parameters, such as {@code filterGroupBy[model]=gpt-4o&filterGroupBy[model]=o1}. */
public final class DeepObjectQuery {

    private DeepObjectQuery() {
    }

    /** The values of every {@code name[key]} parameter, by key, in the order the query gives them. */
    public static Map<String, List<String>> of(UriInfo uri, String name) {
        String prefix = name + "[";
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((parameter, values) -> {
            if (parameter.startsWith(prefix) && parameter.endsWith("]")) {
                byKey.put(parameter.substring(prefix.length(), parameter.length() - 1), values);
            }
        });
        return byKey;
    }
}
