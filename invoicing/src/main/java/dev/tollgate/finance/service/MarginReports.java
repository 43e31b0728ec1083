package dev.tollgate.finance.service;

import dev.tollgate.catalog.api.RecurringFees;
import dev.tollgate.finance.domain.MarginRow;
import dev.tollgate.invoicing.api.InvoiceRevenue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The margin report: revenue, the standing invoice lines whose service period starts in the range, against what the
 * usage in the range cost ({@link UsageCosts}), per group.
 */
@ApplicationScoped
public class MarginReports {

    private final RecurringFees fees;
    private final InvoiceRevenue invoices;
    private final UsageCosts costs;

    MarginReports(RecurringFees fees, InvoiceRevenue invoices, UsageCosts costs) {
        this.fees = fees;
        this.invoices = invoices;
        this.costs = costs;
    }

    public List<MarginRow> report(String namespace, ReportRange range, List<String> groupBy, boolean negativeOnly) {
        List<RecurringFees.SubscriptionFees> subscriptions = fees.startedBefore(namespace, range.to());
        // Only the lines' sums per customer, subscription, feature and filters: what any grouping needs of them.
        List<InvoiceRevenue.ServiceSum> lines = invoices.serviceSums(namespace, range.from(), range.to());
        List<String> costGroupBy = MarginCalculation.costGroupBy(groupBy);
        // A plan is found per customer and day: the subscription the customer was on when the usage happened.
        String windowSize = groupBy.contains(MarginCalculation.PLAN) ? "DAY" : null;
        List<UsageCosts.Row> rows = costs.rows(new UsageCosts.Query(namespace, range.from(), range.to(),
                windowSize, range.zone(), costGroupBy, UsageCosts.Departments.hierarchy(1)));
        return MarginCalculation.rows(groupBy, lines, rows, plans(subscriptions), negativeOnly);
    }

    private static MarginCalculation.Plans plans(List<RecurringFees.SubscriptionFees> subscriptions) {
        Map<String, String> bySubscription = new HashMap<>();
        Map<String, List<RecurringFees.SubscriptionFees>> byCustomer = new HashMap<>();
        for (RecurringFees.SubscriptionFees s : subscriptions) {
            bySubscription.put(s.id(), s.planKey());
            byCustomer.computeIfAbsent(s.customerId(), c -> new java.util.ArrayList<>()).add(s);
        }
        return new MarginCalculation.Plans() {
            @Override
            public String ofSubscription(String subscriptionId) {
                return bySubscription.get(subscriptionId);
            }

            @Override
            public String ofCustomerDuring(String customerId, Instant from, Instant to) {
                return byCustomer.getOrDefault(customerId, List.of()).stream()
                        .filter(s -> (to == null || s.activeFrom().isBefore(to))
                                && (s.activeTo() == null || from == null || s.activeTo().isAfter(from)))
                        .max(java.util.Comparator.comparing(RecurringFees.SubscriptionFees::activeFrom))
                        .map(RecurringFees.SubscriptionFees::planKey).orElse(null);
            }
        };
    }
}
