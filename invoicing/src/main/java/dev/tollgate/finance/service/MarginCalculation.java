package dev.tollgate.finance.service;

import dev.tollgate.finance.domain.MarginRow;
import dev.tollgate.invoicing.api.InvoiceRevenue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Revenue minus cost per group: the invoiced lines and the {@link UsageCosts} rows mapped onto the same dimensions
 * and added up per group and currency. Pure: what it needs to know about plans comes through {@link Plans}.
 *
 * <p>Dimensions: {@code customer} is the customer whose usage or subscription a line charges for (the cost's
 * customer); {@code plan} is the line's subscription's plan, and for a cost the plan of the customer's subscription
 * running when the usage happened (none when it had none); {@code feature} is the line's and the cost's feature;
 * {@code model} is the value of the {@code model} filter of the line's feature on its meter (a feature such as
 * "gpt-4o output tokens" filters its meter on {@code model=gpt-4o}), and for a cost the meter's {@code model} group
 * value.
 */
public final class MarginCalculation {

    public static final String CUSTOMER = "customer";
    public static final String PLAN = "plan";
    public static final String FEATURE = "feature";
    public static final String MODEL = "model";
    public static final List<String> DIMENSIONS = List.of(CUSTOMER, PLAN, FEATURE, MODEL);

    /** Which plan revenue and cost belong to. */
    public interface Plans {

        /** The plan key of a subscription; null when unknown. */
        String ofSubscription(String subscriptionId);

        /**
         * The plan key of the customer's subscription running in [from, to), the latest started when there were
         * several; null when it had none.
         */
        String ofCustomerDuring(String customerId, Instant from, Instant to);
    }

    private MarginCalculation() {
    }

    /** The cost dimensions to ask {@link UsageCosts} for: a plan needs the customer, found per day. */
    public static List<String> costGroupBy(List<String> groupBy) {
        List<String> asked = new ArrayList<>();
        for (String dimension : groupBy) {
            switch (dimension) {
                case CUSTOMER -> asked.add(UsageCosts.CUSTOMER);
                case FEATURE -> asked.add(UsageCosts.FEATURE);
                case MODEL -> asked.add(MODEL);
                case PLAN -> {
                }
                default -> throw new IllegalArgumentException("not a margin dimension: " + dimension);
            }
        }
        if (groupBy.contains(PLAN) && !asked.contains(UsageCosts.CUSTOMER)) {
            asked.add(UsageCosts.CUSTOMER);
        }
        return asked;
    }

    /**
     * The rows, sorted by margin, lowest first (the groups that cost more than they pay lead), then by group values
     * and currency.
     *
     * @param lines the standing lines whose service period is in the report's range, added up (one line or many
     *     per sum: only the sums' dimensions matter)
     * @param costs rows of a {@link UsageCosts} query with {@link #costGroupBy} dimensions
     * @param negativeOnly only the rows whose margin is below zero
     */
    public static List<MarginRow> rows(List<String> groupBy, List<InvoiceRevenue.ServiceSum> lines,
            List<UsageCosts.Row> costs, Plans plans, boolean negativeOnly) {
        record Key(Map<String, String> group, String currency) {
        }
        Map<Key, BigDecimal[]> sums = new HashMap<>();
        for (InvoiceRevenue.ServiceSum line : lines) {
            Map<String, String> group = new LinkedHashMap<>();
            for (String dimension : groupBy) {
                group.put(dimension, switch (dimension) {
                    case CUSTOMER -> line.usageCustomerId();
                    case PLAN -> line.subscriptionId() == null ? null : plans.ofSubscription(line.subscriptionId());
                    case FEATURE -> line.featureKey();
                    default -> line.meterGroupByFilters() == null ? null : line.meterGroupByFilters().get(MODEL);
                });
            }
            add(sums, new Key(group, line.currency()), 0, line.total());
        }
        for (UsageCosts.Row row : costs) {
            Map<String, String> group = new LinkedHashMap<>();
            for (String dimension : groupBy) {
                group.put(dimension, switch (dimension) {
                    case CUSTOMER -> row.group().get(UsageCosts.CUSTOMER);
                    case PLAN -> {
                        String customer = row.group().get(UsageCosts.CUSTOMER);
                        yield customer == null ? null
                                : plans.ofCustomerDuring(customer, row.windowStart(), row.windowEnd());
                    }
                    case FEATURE -> row.group().get(UsageCosts.FEATURE);
                    default -> row.group().get(MODEL);
                });
            }
            add(sums, new Key(group, row.currency()), 1, row.cost());
        }
        Comparator<MarginRow> order = Comparator.comparing(MarginRow::margin);
        for (String dimension : groupBy) {
            order = order.thenComparing(r -> r.group().get(dimension), Comparator.nullsFirst(
                    Comparator.naturalOrder()));
        }
        order = order.thenComparing(MarginRow::currency, Comparator.nullsFirst(Comparator.naturalOrder()));
        List<MarginRow> rows = new ArrayList<>();
        sums.forEach((key, sum) -> rows.add(new MarginRow(java.util.Collections.unmodifiableMap(key.group()),
                key.currency(), sum[0], sum[1])));
        return rows.stream().filter(r -> !negativeOnly || r.margin().signum() < 0).sorted(order).toList();
    }

    private static <K> void add(Map<K, BigDecimal[]> sums, K key, int index, BigDecimal amount) {
        BigDecimal[] sum = sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        sum[index] = sum[index].add(Objects.requireNonNullElse(amount, BigDecimal.ZERO));
    }
}
