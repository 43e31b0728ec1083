package dev.tollgate.finance.domain;

import dev.tollgate.catalog.api.RecurringFees;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * MRR through time from the customers' recurring fees: the MRR in effect at any instant, per currency and plan, and
 * its movements over periods. Pure arithmetic on exact decimals; nothing is rounded.
 */
public final class MrrHistory {

    /** MRR in one currency at one instant, in all and per plan (plans ordered by key; null for none). */
    public record Snapshot(String currency, BigDecimal mrr, Map<String, BigDecimal> byPlan, int customers) {

        public BigDecimal arr() {
            return mrr.multiply(BigDecimal.valueOf(12));
        }
    }

    private record CustomerCurrency(String customerId, String currency) {
    }

    private final List<MrrSegment> segments;
    /** When each customer first had MRR in each currency: from then on, coming back is a reactivation. */
    private final Map<CustomerCurrency, Instant> firstPaying = new HashMap<>();

    /**
     * The history of the subscriptions' recurring fees, each normalised to a month.
     *
     * @param currency only this currency; null for all
     */
    public static MrrHistory of(List<RecurringFees.SubscriptionFees> subscriptions, String currency) {
        List<MrrSegment> segments = new ArrayList<>();
        for (RecurringFees.SubscriptionFees s : subscriptions) {
            if (currency != null && !currency.equals(s.currency())) {
                continue;
            }
            for (RecurringFees.Fee fee : s.fees()) {
                segments.add(new MrrSegment(s.customerId(), s.currency(), s.planKey(), fee.from(), fee.to(),
                        MonthlyRate.of(fee.amount(), fee.percentageDiscount(), fee.billingCadence())));
            }
        }
        return new MrrHistory(segments);
    }

    public MrrHistory(List<MrrSegment> segments) {
        this.segments = List.copyOf(segments);
        for (MrrSegment s : this.segments) {
            if (s.monthly().signum() > 0) {
                firstPaying.merge(new CustomerCurrency(s.customerId(), s.currency()), s.from(),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
    }

    /** The MRR in effect just before {@code at}, per currency in currency order. */
    public List<Snapshot> at(Instant at) {
        Map<String, Map<String, BigDecimal>> plans = new TreeMap<>();
        Map<CustomerCurrency, BigDecimal> customers = byCustomer(at);
        for (MrrSegment s : segments) {
            if (s.inEffectBefore(at)) {
                plans.computeIfAbsent(s.currency(), c -> new TreeMap<>(java.util.Comparator.nullsFirst(
                        java.util.Comparator.<String>naturalOrder()))).merge(s.planKey(), s.monthly(),
                        BigDecimal::add);
            }
        }
        List<Snapshot> snapshots = new ArrayList<>();
        plans.forEach((currency, byPlan) -> snapshots.add(new Snapshot(currency,
                byPlan.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add), byPlan,
                (int) customers.entrySet().stream().filter(e -> e.getKey().currency().equals(currency)
                        && e.getValue().signum() > 0).count())));
        return snapshots;
    }

    /**
     * The movements of each period, per currency (currencies with no MRR at either end of a period are left out of
     * it). Changes after {@code asOf} have not happened yet: MRR stops at {@code asOf}, so periods after it show
     * none.
     */
    public List<MrrMovements> movements(List<ReportWindow> periods, Instant asOf) {
        List<MrrMovements> movements = new ArrayList<>();
        for (ReportWindow period : periods) {
            Map<CustomerCurrency, BigDecimal> opening = byCustomer(earlier(period.start(), asOf));
            Map<CustomerCurrency, BigDecimal> closing = byCustomer(earlier(period.end(), asOf));
            TreeSet<String> currencies = new TreeSet<>();
            opening.keySet().forEach(k -> currencies.add(k.currency()));
            closing.keySet().forEach(k -> currencies.add(k.currency()));
            for (String currency : currencies) {
                movements.add(movement(period, currency, opening, closing));
            }
        }
        return movements;
    }

    private MrrMovements movement(ReportWindow period, String currency, Map<CustomerCurrency, BigDecimal> opening,
            Map<CustomerCurrency, BigDecimal> closing) {
        BigDecimal open = BigDecimal.ZERO;
        BigDecimal close = BigDecimal.ZERO;
        BigDecimal fresh = BigDecimal.ZERO;
        BigDecimal back = BigDecimal.ZERO;
        BigDecimal up = BigDecimal.ZERO;
        BigDecimal down = BigDecimal.ZERO;
        BigDecimal lost = BigDecimal.ZERO;
        int freshCount = 0;
        int backCount = 0;
        int lostCount = 0;
        TreeSet<String> customers = new TreeSet<>();
        for (CustomerCurrency key : opening.keySet()) {
            if (key.currency().equals(currency)) {
                customers.add(key.customerId());
            }
        }
        for (CustomerCurrency key : closing.keySet()) {
            if (key.currency().equals(currency)) {
                customers.add(key.customerId());
            }
        }
        for (String customer : customers) {
            CustomerCurrency key = new CustomerCurrency(customer, currency);
            BigDecimal before = opening.getOrDefault(key, BigDecimal.ZERO);
            BigDecimal after = closing.getOrDefault(key, BigDecimal.ZERO);
            open = open.add(before);
            close = close.add(after);
            int change = after.compareTo(before);
            if (before.signum() == 0 && after.signum() > 0) {
                if (hadMrrBefore(key, period.start())) {
                    back = back.add(after);
                    backCount++;
                } else {
                    fresh = fresh.add(after);
                    freshCount++;
                }
            } else if (before.signum() > 0 && after.signum() == 0) {
                lost = lost.add(before);
                lostCount++;
            } else if (change > 0) {
                up = up.add(after.subtract(before));
            } else if (change < 0) {
                down = down.add(before.subtract(after));
            }
        }
        return new MrrMovements(period.start(), period.end(), currency, open, fresh, back, up, down, lost, close,
                freshCount, backCount, lostCount);
    }

    /** Each customer's MRR in each currency just before the instant; customers with no fee then are left out. */
    private Map<CustomerCurrency, BigDecimal> byCustomer(Instant at) {
        Map<CustomerCurrency, BigDecimal> mrr = new HashMap<>();
        for (MrrSegment s : segments) {
            if (s.inEffectBefore(at)) {
                mrr.merge(new CustomerCurrency(s.customerId(), s.currency()), s.monthly(), BigDecimal::add);
            }
        }
        return mrr;
    }

    /** Whether the customer had MRR in the currency at some time before the instant. */
    private boolean hadMrrBefore(CustomerCurrency key, Instant at) {
        Instant first = firstPaying.get(key);
        return first != null && first.isBefore(at);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
