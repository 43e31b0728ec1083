package dev.tollgate.meters.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSONPaths a meter may read event data with: a walk down named properties and array positions, such as
 * {@code $.usage.input_tokens}, {@code $['x-model']} or {@code $.choices[0].tokens}. Deep scans ({@code ..}),
 * wildcards, filters, slices, unions and functions are refused: they would run per event in the shared aggregator,
 * where one costly or pathological path slows every tenant, and a meter reads one value per event anyway.
 */
public final class MeterPath {

    /** How long a path may be, in characters. */
    public static final int MAX_LENGTH = 512;
    /** Explains the subset, for validation messages and docs. */
    public static final String SUBSET = "a JSONPath of properties and array positions, such as $.tokens,"
            + " $['x-model'] or $.choices[0].tokens (no .., *, filters or functions)";

    private final String text;
    private final List<Object> steps;

    private MeterPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** The path, if it is in the allowed subset. */
    public static Optional<MeterPath> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH || !text.startsWith("$")) {
            return Optional.empty();
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    return Optional.empty(); // "..", ".*", a trailing dot
                }
                steps.add(text.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    return Optional.empty();
                }
                Optional<Object> step = bracket(text.substring(i + 1, close));
                if (step.isEmpty()) {
                    return Optional.empty();
                }
                steps.add(step.get());
                i = close + 1;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new MeterPath(text, List.copyOf(steps)));
    }

    /** The node at the path, or null when any step is missing. */
    public JsonNode read(JsonNode data) {
        JsonNode node = data;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    @Override
    public String toString() {
        return text;
    }

    /** {@code 'name'}, {@code "name"} (no quote or backslash inside) or a non-negative index. */
    private static Optional<Object> bracket(String inside) {
        if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                || inside.startsWith("\"") && inside.endsWith("\""))) {
            String name = inside.substring(1, inside.length() - 1);
            boolean plain = !name.isEmpty() && name.chars().noneMatch(ch -> ch == '\'' || ch == '"' || ch == '\\'
                    || ch < 0x20);
            return plain ? Optional.of(name) : Optional.empty();
        }
        if (!inside.isEmpty() && inside.length() <= 6 && inside.chars().allMatch(Character::isDigit)) {
            return Optional.of(Integer.parseInt(inside));
        }
        return Optional.empty();
    }

    private static boolean isNameChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }
}
