package dev.tollgate.meters.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.shared.problem.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A condition on one group-by value: OpenMeter's {@code FilterString}, as {@code advancedMeterGroupByFilters} takes
 * it, such as {@code {"$in": ["gpt-4o", "o3"]}} or {@code {"$or": [{"$eq": "a"}, {"$like": "b%"}]}}. Each filter
 * object holds exactly one operator. A value an event did not have is the empty string, as in OpenMeter's
 * {@code JSON_VALUE}; {@code $exists} asks whether it is set.
 */
public sealed interface GroupFilter {

    /** How deep {@code $and}/{@code $or} may nest, and how many values one filter may hold in all. */
    int MAX_DEPTH = 4;
    int MAX_VALUES = 100;
    List<String> OPERATORS = List.of("$eq", "$ne", "$in", "$nin", "$like", "$nlike", "$ilike", "$nilike",
            "$contains", "$ncontains", "$gt", "$gte", "$lt", "$lte", "$exists", "$and", "$or");

    /** One value: {@code $eq $ne $like $nlike $ilike $nilike $contains $ncontains $gt $gte $lt $lte}. */
    record Compare(Operator operator, String value) implements GroupFilter {
    }

    /** {@code $in} and, negated, {@code $nin}. */
    record AnyOf(List<String> values, boolean negated) implements GroupFilter {
    }

    record Exists(boolean exists) implements GroupFilter {
    }

    /** {@code $and} and {@code $or}. */
    record Combined(List<GroupFilter> filters, boolean all) implements GroupFilter {
    }

    enum Operator {
        EQ("$eq"), NE("$ne"), LIKE("$like"), NLIKE("$nlike"), ILIKE("$ilike"), NILIKE("$nilike"),
        CONTAINS("$contains"), NCONTAINS("$ncontains"), GT("$gt"), GTE("$gte"), LT("$lt"), LTE("$lte");

        final String wireName;

        Operator(String wireName) {
            this.wireName = wireName;
        }
    }

    /** The filter one value list of {@code filterGroupBy} means: any of the values. */
    static GroupFilter anyOf(List<String> values) {
        return values.size() == 1 ? new Compare(Operator.EQ, values.get(0)) : new AnyOf(List.copyOf(values), false);
    }

    /**
     * Reads {@code advancedMeterGroupByFilters}: an object of group-by key to filter object. Which keys the meter has
     * is for the caller to check.
     */
    static Map<String, GroupFilter> parseAll(String field, JsonNode filters) {
        if (filters == null || !filters.isObject()) {
            throw invalid(field, "must be an object of group-by key to filter, such as"
                    + " {\"model\": {\"$eq\": \"o3\"}}");
        }
        Map<String, GroupFilter> parsed = new LinkedHashMap<>();
        filters.fields().forEachRemaining(e -> parsed.put(e.getKey(), parse(field + "." + e.getKey(), e.getValue())));
        return parsed;
    }

    /** Reads a filter object; {@code field} names it in errors, such as {@code advancedMeterGroupByFilters.model}. */
    static GroupFilter parse(String field, JsonNode node) {
        int[] budget = {MAX_VALUES};
        return parse(field, node, 0, budget);
    }

    private static GroupFilter parse(String field, JsonNode node, int depth, int[] budget) {
        if (node == null || !node.isObject()) {
            throw invalid(field, "must be a filter object such as {\"$eq\": \"value\"}");
        }
        if (node.size() != 1) {
            throw invalid(field, "must hold exactly one operator, not " + node.size());
        }
        Map.Entry<String, JsonNode> entry = node.fields().next();
        String name = entry.getKey();
        String at = field + "." + name;
        JsonNode operand = entry.getValue();
        switch (name) {
            case "$in", "$nin" -> {
                return new AnyOf(strings(at, operand, budget), "$nin".equals(name));
            }
            case "$exists" -> {
                if (!operand.isBoolean()) {
                    throw invalid(at, "must be true or false");
                }
                return new Exists(operand.booleanValue());
            }
            case "$and", "$or" -> {
                if (depth >= MAX_DEPTH) {
                    throw invalid(at, "nests deeper than " + MAX_DEPTH + " levels");
                }
                if (!operand.isArray() || operand.isEmpty()) {
                    throw invalid(at, "must be a non-empty array of filter objects");
                }
                List<GroupFilter> filters = new ArrayList<>();
                for (int i = 0; i < operand.size(); i++) {
                    filters.add(parse(at + "[" + i + "]", operand.get(i), depth + 1, budget));
                }
                return new Combined(List.copyOf(filters), "$and".equals(name));
            }
            default -> {
                for (Operator operator : Operator.values()) {
                    if (operator.wireName.equals(name)) {
                        return new Compare(operator, string(at, operand, budget));
                    }
                }
                throw invalid(field, "has an unknown operator '" + name + "'; use one of " + OPERATORS);
            }
        }
    }

    private static List<String> strings(String field, JsonNode operand, int[] budget) {
        if (!operand.isArray() || operand.isEmpty()) {
            throw invalid(field, "must be a non-empty array of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < operand.size(); i++) {
            values.add(string(field + "[" + i + "]", operand.get(i), budget));
        }
        return List.copyOf(values);
    }

    private static String string(String field, JsonNode operand, int[] budget) {
        // As OpenMeter: an empty value is a malformed filter, not a match for events without the value ($exists).
        if (!operand.isTextual() || operand.asText().isEmpty()) {
            throw invalid(field, "must be a non-empty string");
        }
        if (--budget[0] < 0) {
            throw invalid(field, "is one value too many: a filter may hold " + MAX_VALUES);
        }
        return operand.asText();
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.invalid(field, "invalid", message);
    }
}
