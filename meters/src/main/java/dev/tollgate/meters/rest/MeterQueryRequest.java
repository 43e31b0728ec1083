package dev.tollgate.meters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.meters.service.UsageQueryService;
import dev.tollgate.shared.problem.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/meters/{id}/query}: the query string's parameters as JSON. A {@code filterGroupBy}
 * entry is one value or an array of values; {@code advancedMeterGroupByFilters} is an object of OpenMeter filters.
 */
public record MeterQueryRequest(String from, String to, String windowSize, String windowTimeZone,
        List<String> subject, List<String> groupBy, Map<String, JsonNode> filterGroupBy,
        List<String> filterCustomerId, JsonNode advancedMeterGroupByFilters) {

    UsageQueryService.Request toRequest() {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        if (filterGroupBy != null) {
            filterGroupBy.forEach((key, value) -> filters.put(key, values(key, value)));
        }
        return new UsageQueryService.Request(from, to, windowSize, windowTimeZone, subject, groupBy, filters,
                filterCustomerId, advancedMeterGroupByFilters);
    }

    private static List<String> values(String key, JsonNode value) {
        List<String> values = new ArrayList<>();
        if (value != null && value.isTextual()) {
            values.add(value.asText());
        } else if (value != null && value.isArray()) {
            value.forEach(v -> {
                if (!v.isTextual()) {
                    throw notStrings(key);
                }
                values.add(v.asText());
            });
        } else {
            throw notStrings(key);
        }
        return values;
    }

    private static ApiException notStrings(String key) {
        return ApiException.invalid("filterGroupBy." + key, "type", "must be a string or an array of strings");
    }
}
