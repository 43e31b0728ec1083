package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Money invoiced (or paid) in one period and currency, in all and broken down by plan and by feature.
 *
 * @param byPlan amounts per plan key; a null key for lines of no subscription (one-off charges)
 * @param byFeature amounts per feature key; a null key for flat fees without a feature
 */
public record PeriodRevenue(Instant start, Instant end, String currency, BigDecimal total, List<Share> byPlan,
        List<Share> byFeature) {

    /** One key's amount. */
    public record Share(String key, BigDecimal amount) {
    }

    /** One amount to count: when it counts, in which currency, for which plan and feature. */
    public record Item(Instant at, String currency, String plan, String feature, BigDecimal amount) {
    }

    private static final Comparator<String> KEYS = Comparator.nullsFirst(Comparator.naturalOrder());

    /** The items added up per period and currency (periods in order, currencies by code); empty ones left out. */
    public static List<PeriodRevenue> of(List<ReportWindow> periods, List<Item> items) {
        List<PeriodRevenue> revenue = new ArrayList<>();
        for (ReportWindow period : periods) {
            Map<String, List<Item>> byCurrency = new TreeMap<>();
            for (Item item : items) {
                if (period.contains(item.at())) {
                    byCurrency.computeIfAbsent(item.currency(), c -> new ArrayList<>()).add(item);
                }
            }
            byCurrency.forEach((currency, counted) -> {
                Map<String, BigDecimal> plans = new TreeMap<>(KEYS);
                Map<String, BigDecimal> features = new TreeMap<>(KEYS);
                BigDecimal total = BigDecimal.ZERO;
                for (Item item : counted) {
                    total = total.add(item.amount());
                    plans.merge(item.plan(), item.amount(), BigDecimal::add);
                    features.merge(item.feature(), item.amount(), BigDecimal::add);
                }
                revenue.add(new PeriodRevenue(period.start(), period.end(), currency, total, shares(plans),
                        shares(features)));
            });
        }
        return revenue;
    }

    private static List<Share> shares(Map<String, BigDecimal> amounts) {
        return amounts.entrySet().stream().map(e -> new Share(e.getKey(), e.getValue())).toList();
    }
}
