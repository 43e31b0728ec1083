package dev.tollgate.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart and the numbers behind it: the page draws it with Chart.js from {@link #json()} and shows the same
 * {@link #points()} in a table beside it, so the numbers are there for screen readers and without script.
 */
@TemplateData
public record Chart(String id, String title, String type, String valueLabel, List<Point> points) {

    @TemplateData
    public record Point(String label, BigDecimal value) {

        /** The value as the API wrote it, never in scientific notation. */
        public String shown() {
            return value.toPlainString();
        }
    }

    /** What Chart.js draws, in a data attribute (Qute escapes it; no inline script is needed). */
    public String json() {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", type);
        chart.put("title", title);
        chart.put("label", valueLabel);
        chart.put("labels", points.stream().map(Point::label).toList());
        chart.put("values", points.stream().map(Point::value).toList());
        try {
            return ApiClient.JSON.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean empty() {
        return points.isEmpty();
    }

    /** A meter query's rows (OpenMeter's MeterQueryResult) over time, one point per window. */
    public static Chart usageOverTime(String id, String title, JsonNode result) {
        List<JsonNode> rows = new ArrayList<>();
        result.path("data").forEach(rows::add);
        rows.sort(Comparator.comparing(row -> row.path("windowStart").asText()));
        List<Point> points = rows.stream().map(row -> new Point(windowLabel(row.path("windowStart").asText()),
                row.path("value").decimalValue())).toList();
        return new Chart(id, title, "line", "usage", points);
    }

    /** One bar per row, labelled by a field of the row: the biggest first, at most {@code limit}. */
    public static Chart ranked(String id, String title, String valueLabel, JsonNode rows, String labelField,
            String valueField, int limit) {
        List<Point> points = new ArrayList<>();
        rows.forEach(row -> points.add(new Point(text(row.path(labelField)), row.path(valueField).decimalValue())));
        points.sort(Comparator.comparing(Point::value).reversed());
        return new Chart(id, title, "bar", valueLabel, points.subList(0, Math.min(limit, points.size())));
    }

    /** One bar per row in the order the API answered, at most {@code limit}. */
    public static Chart inOrder(String id, String title, String valueLabel, JsonNode rows, String labelField,
            String valueField, int limit) {
        List<Point> points = new ArrayList<>();
        rows.forEach(row -> {
            if (points.size() < limit) {
                points.add(new Point(text(row.path(labelField)), row.path(valueField).decimalValue()));
            }
        });
        return new Chart(id, title, "bar", valueLabel, points);
    }

    public static Chart of(String id, String title, String type, String valueLabel, List<Point> points) {
        return new Chart(id, title, type, valueLabel, points);
    }

    /** A window start as people read it: the date, and the time when the window is shorter than a day. */
    static String windowLabel(String rfc3339) {
        if (rfc3339.length() >= 16 && rfc3339.substring(11, 16).equals("00:00")) {
            return rfc3339.substring(0, 10);
        }
        return rfc3339.length() >= 16 ? rfc3339.substring(0, 10) + " " + rfc3339.substring(11, 16) : rfc3339;
    }

    static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return "(none)";
        }
        if (node.isObject()) {
            List<String> parts = new ArrayList<>();
            node.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
            return parts.isEmpty() ? "(all)" : String.join(", ", parts);
        }
        return node.asText();
    }
}
