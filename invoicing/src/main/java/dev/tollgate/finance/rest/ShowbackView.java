package dev.tollgate.finance.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tollgate.finance.domain.Shares;
import dev.tollgate.finance.service.UsageCosts;
import dev.tollgate.shared.csv.Csv;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The showback report: the range and zone it covers, its rows with each group's share of its window's total in that
 * currency, totals per currency, and warnings. Amounts are exact decimal strings; shares alone are rounded.
 */
@JsonPropertyOrder({"from", "to", "windowSize", "windowTimeZone", "groupBy", "departments", "data", "totals",
    "warnings"})
public record ShowbackView(Instant from, Instant to, String windowSize, String windowTimeZone, List<String> groupBy,
        Departments departments, List<Item> data, List<Total> totals, List<String> warnings) {

    /** Where departments came from: a metadata key, or the hierarchy level. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Departments(String metadataKey, Integer level) {
    }

    @JsonPropertyOrder({"windowStart", "windowEnd", "group", "currency", "usage", "cost", "share"})
    public record Item(Instant windowStart, Instant windowEnd, Map<String, String> group, String currency,
            String usage, String cost, String share) {
    }

    @JsonPropertyOrder({"currency", "usage", "cost"})
    public record Total(String currency, String usage, String cost) {
    }

    static ShowbackView of(UsageCosts.Query query, UsageCosts.Answer answer) {
        Map<List<Object>, BigDecimal[]> windowTotals = new HashMap<>();
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        for (UsageCosts.Row row : answer.rows()) {
            add(windowTotals.computeIfAbsent(List.of(row.windowStart(), row.currency()), k -> zeros()), row);
            add(totals.computeIfAbsent(row.currency(), k -> zeros()), row);
        }
        List<Item> items = new ArrayList<>();
        for (UsageCosts.Row row : answer.rows()) {
            BigDecimal[] whole = windowTotals.get(List.of(row.windowStart(), row.currency()));
            items.add(new Item(row.windowStart(), row.windowEnd(), row.group(), row.currency(),
                    Money.exact(row.usage()), Money.exact(row.cost()),
                    Shares.share(row.cost(), row.usage(), whole[1], whole[0]).toPlainString()));
        }
        List<Total> totalList = new ArrayList<>();
        totals.forEach((currency, sum) -> totalList.add(new Total(currency, Money.exact(sum[0]),
                Money.exact(sum[1]))));
        UsageCosts.Departments d = query.departments();
        return new ShowbackView(query.from(), query.to(), query.windowSize(), query.zone().getId(), query.groupBy(),
                d.metadataKey() != null ? new Departments(d.metadataKey(), null) : new Departments(null, d.level()),
                items, totalList, answer.warnings());
    }

    /** The same rows as CSV: window_start, window_end, the groups, currency, usage, cost, share. */
    String csv() {
        List<String> header = new ArrayList<>(List.of("window_start", "window_end"));
        header.addAll(groupBy);
        header.addAll(List.of("currency", "usage", "cost", "share"));
        Csv csv = Csv.withHeader(header);
        for (Item item : data) {
            List<Object> line = new ArrayList<>(List.of(item.windowStart(), item.windowEnd()));
            groupBy.forEach(key -> line.add(item.group().get(key)));
            line.addAll(List.of(item.currency(), item.usage(), item.cost(), item.share()));
            csv.row(line);
        }
        return csv.toString();
    }

    private static BigDecimal[] zeros() {
        return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO};
    }

    private static void add(BigDecimal[] sum, UsageCosts.Row row) {
        sum[0] = sum[0].add(row.usage());
        sum[1] = sum[1].add(row.cost());
    }
}
