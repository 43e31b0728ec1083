package dev.tollgate.finance.service;

import static dev.tollgate.finance.service.UsageCosts.CUSTOMER;
import static dev.tollgate.finance.service.UsageCosts.DEPARTMENT;
import static dev.tollgate.finance.service.UsageCosts.FEATURE;
import static dev.tollgate.finance.service.UsageCosts.METER;

import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.finance.domain.DepartmentResolver;
import dev.tollgate.finance.domain.ReportWindows;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report's sums per window, group values and currency, whatever a row comes from (ClickHouse or the cost rollup):
 * each row is put in the report's window its start falls in, and its group values are resolved here.
 */
final class CostTotals {

    private record Key(Instant windowStart, Instant windowEnd, List<String> group, String currency) {
    }

    private final UsageCosts.Query query;
    private final Instant from;
    private final Instant to;
    private final DepartmentResolver departments;
    private final Map<Key, BigDecimal[]> sums = new HashMap<>();
    /** Rows arrive a few windows at a time: each window is worked out once. */
    private final Map<Instant, ReportWindows.Window> windows = new HashMap<>();

    CostTotals(UsageCosts.Query query, Instant from, Instant to, DepartmentResolver departments) {
        this.query = query;
        this.from = from;
        this.to = to;
        this.departments = departments;
    }

    /**
     * @param customerId null for usage of a subject that was no customer's
     * @param groups the row's meter group values, for the report's meter group keys
     */
    void add(FeatureCosts.MeteredFeature feature, Instant windowFrom, String customerId, Map<String, String> groups,
            String currency, BigDecimal usage, BigDecimal cost) {
        ReportWindows.Window window = windows.computeIfAbsent(windowFrom, start -> ReportWindows.of(start, from, to,
                query.windowSize(), query.zone()));
        List<String> group = new ArrayList<>(query.groupBy().size());
        for (String key : query.groupBy()) {
            group.add(switch (key) {
                case CUSTOMER -> customerId;
                case DEPARTMENT -> departmentOf(customerId);
                case FEATURE -> feature.key();
                case METER -> feature.meterSlug();
                default -> groups.get(key);
            });
        }
        BigDecimal[] sum = sums.computeIfAbsent(new Key(window.start(), window.end(), group, currency),
                k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        sum[0] = sum[0].add(usage);
        sum[1] = sum[1].add(cost);
    }

    private String departmentOf(String customerId) {
        UsageCosts.Departments asked = query.departments();
        return departments.departmentOf(customerId, asked.metadataKey(), asked.level());
    }

    /** The rows ordered by window start, then group values (nulls first), then currency. */
    List<UsageCosts.Row> rows() {
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        Comparator<Key> order = Comparator.comparing(Key::windowStart);
        for (int i = 0; i < query.groupBy().size(); i++) {
            int index = i;
            order = order.thenComparing(k -> k.group().get(index), nullsFirst);
        }
        order = order.thenComparing(Key::currency);
        List<UsageCosts.Row> rows = new ArrayList<>();
        sums.entrySet().stream().sorted(Map.Entry.comparingByKey(order)).forEach(e -> {
            Map<String, String> group = new LinkedHashMap<>();
            for (int i = 0; i < query.groupBy().size(); i++) {
                group.put(query.groupBy().get(i), e.getKey().group().get(i));
            }
            rows.add(new UsageCosts.Row(e.getKey().windowStart(), e.getKey().windowEnd(), group,
                    e.getKey().currency(), e.getValue()[0], e.getValue()[1]));
        });
        return rows;
    }
}
