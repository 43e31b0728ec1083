package dev.tollgate.finance.rest;

import dev.tollgate.finance.domain.MarginRow;
import dev.tollgate.shared.csv.Csv;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The margin report as JSON: the exact range and zone, the grouping, and the rows, lowest margin first. Money is a
 * decimal string rounded to the currency's minor units; marginPercent has two decimals and is null without revenue.
 */
public record MarginView(Instant from, Instant to, String windowTimeZone, List<String> groupBy, String filter,
        List<Row> rows) {

    public record Row(Map<String, String> group, String currency, String revenue, String cost, String margin,
            String marginPercent) {
    }

    static MarginView of(Instant from, Instant to, String zone, List<String> groupBy, String filter,
            List<MarginRow> rows) {
        return new MarginView(from, to, zone, groupBy, filter, rows.stream().map(r -> new Row(r.group(),
                r.currency(), Money.of(r.revenue(), r.currency()), Money.of(r.cost(), r.currency()),
                Money.of(r.margin(), r.currency()), Money.percent(r.marginPercent()))).toList());
    }

    /**
     * Columns: {@code from}, {@code to}, {@code timeZone} (the range, on every row), one column per groupBy dimension
     * in the order asked, then {@code currency}, {@code revenue}, {@code cost}, {@code margin}, {@code marginPercent}.
     */
    String csv() {
        List<String> header = new ArrayList<>(List.of("from", "to", "timeZone"));
        header.addAll(groupBy);
        header.addAll(List.of("currency", "revenue", "cost", "margin", "marginPercent"));
        Csv csv = Csv.withHeader(header);
        for (Row row : rows) {
            List<Object> values = new ArrayList<>(List.of(from, to, windowTimeZone));
            groupBy.forEach(dimension -> values.add(row.group().get(dimension)));
            values.add(row.currency());
            values.add(row.revenue());
            values.add(row.cost());
            values.add(row.margin());
            values.add(row.marginPercent());
            csv.row(values);
        }
        return csv.toString();
    }
}
