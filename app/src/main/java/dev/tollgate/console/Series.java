package dev.tollgate.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart of several series over the same labels (cost per group per window, invoiced against paid, revenue against
 * cost), drawn by Chart.js from {@link #json()}, with the same numbers in a table beside it: a row per label, a
 * column per series, amounts shown in {@code unit} (a currency, or none for usage).
 */
@TemplateData
public record Series(String id, String title, String type, boolean stacked, String unit, List<String> labels,
        List<Line> lines) {

    /** One series: its name, and a value per label (null where it has none). */
    @TemplateData
    public record Line(String name, List<BigDecimal> values) {
    }

    /** Series built label by label: {@code add("2026-12", "eng", 4.2)} adds to the cell. */
    static final class Builder {
        private final Map<String, Map<String, BigDecimal>> cells = new LinkedHashMap<>();
        private final List<String> labels = new ArrayList<>();

        Builder label(String label) {
            if (!labels.contains(label)) {
                labels.add(label);
            }
            return this;
        }

        Builder add(String label, String series, BigDecimal value) {
            label(label);
            cells.computeIfAbsent(series, s -> new LinkedHashMap<>()).merge(label,
                    value == null ? BigDecimal.ZERO : value, BigDecimal::add);
            return this;
        }

        Builder series(String series) {
            cells.computeIfAbsent(series, s -> new LinkedHashMap<>());
            return this;
        }

        Series build(String id, String title, String type, boolean stacked, String unit) {
            List<Line> lines = cells.entrySet().stream().map(e -> new Line(e.getKey(),
                    labels.stream().map(label -> e.getValue().get(label)).toList())).toList();
            return new Series(id, title, type, stacked, unit, List.copyOf(labels), lines);
        }
    }

    public boolean empty() {
        return labels.isEmpty() || lines.isEmpty();
    }

    /** The table beside the chart: a row per label with each series' value. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            int at = i;
            rows.add(new Row(labels.get(i), lines.stream().map(l -> shown(l.values().get(at))).toList()));
        }
        return rows;
    }

    @TemplateData
    public record Row(String label, List<String> cells) {
    }

    private String shown(BigDecimal value) {
        if (value == null) {
            return "–";
        }
        return unit == null || unit.isEmpty() ? Display.number(value) : Display.money(value, unit);
    }

    public String json() {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", type);
        chart.put("title", title);
        chart.put("stacked", stacked);
        chart.put("labels", labels);
        chart.put("series", lines.stream().map(l -> Map.of("label", l.name(), "values", l.values().stream()
                .map(v -> v == null ? BigDecimal.ZERO : v).toList())).toList());
        try {
            return ApiClient.JSON.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
