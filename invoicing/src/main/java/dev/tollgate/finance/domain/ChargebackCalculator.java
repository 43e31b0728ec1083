package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a period's costs into what each department is charged: costs that an allocation rule shares are taken out of
 * the department that incurred them and split over departments, the rest stays with its department (direct cost), and
 * the markup applies to both. Every amount stays exact, except a proportional share, which is a quotient: it is
 * computed to 34 significant digits and the last department of the split takes the remainder, so the shares always
 * add up to the shared cost exactly.
 */
public final class ChargebackCalculator {

    /** The precision of proportional shares; the same 34 digits as the proration of flat fees. */
    public static final MathContext SHARES = MathContext.DECIMAL128;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Comparator<String> DEPARTMENTS = Comparator.nullsLast(Comparator.naturalOrder());

    private ChargebackCalculator() {
    }

    /** A shared cost on its way to being split: how much, who recovers it, and where it came from. */
    private record Pool(AllocationRule rule, CreditSide credit, Map<String, BigDecimal> origins) {

        BigDecimal cost() {
            return origins.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * @param items the period's costs, each customer's usage of each feature
     * @param rules applied in order; a cost goes to the first rule that matches it
     * @param markupPercent 0 charges at cost
     * @return one charge per department with a non-zero cost, by department name, the department-less last
     */
    public static List<DepartmentCharge> charge(List<CostItem> items, List<AllocationRule> rules,
            BigDecimal markupPercent) {
        Map<String, Map<CreditSide, BigDecimal>> base = new HashMap<>();
        Map<String, BigDecimal> direct = new HashMap<>();
        Map<Integer, Pool> pools = new LinkedHashMap<>();
        for (CostItem item : items) {
            int ruleIndex = firstMatch(rules, item);
            if (ruleIndex < 0) {
                direct.merge(item.department(), item.cost(), BigDecimal::add);
                add(base, item.department(), CreditSide.PLATFORM, item.cost());
                continue;
            }
            AllocationRule rule = rules.get(ruleIndex);
            // The platform customer's department runs the platform: it is credited what the others are charged.
            CreditSide credit = rule.sharesCustomer() ? CreditSide.department(item.department()) : CreditSide.PLATFORM;
            pools.computeIfAbsent(ruleIndex, i -> new Pool(rule, credit, new HashMap<>())).origins()
                    .merge(item.department(), item.cost(), BigDecimal::add);
        }
        Map<String, BigDecimal> allocated = new HashMap<>();
        for (Pool pool : pools.values()) {
            Map<String, BigDecimal> shares = split(pool, direct);
            if (shares.isEmpty()) {
                // Nobody to share with: the cost stays with the departments that incurred it.
                pool.origins().forEach((department, cost) -> {
                    direct.merge(department, cost, BigDecimal::add);
                    add(base, department, CreditSide.PLATFORM, cost);
                });
                continue;
            }
            shares.forEach((department, share) -> {
                allocated.merge(department, share, BigDecimal::add);
                add(base, department, pool.credit(), share);
            });
        }
        BigDecimal factor = BigDecimal.ONE.add(markupPercent.movePointLeft(2));
        List<String> departments = new ArrayList<>(base.keySet());
        departments.sort(DEPARTMENTS);
        List<DepartmentCharge> charges = new ArrayList<>();
        for (String department : departments) {
            BigDecimal own = direct.getOrDefault(department, BigDecimal.ZERO);
            BigDecimal shared = allocated.getOrDefault(department, BigDecimal.ZERO);
            BigDecimal atCost = own.add(shared);
            TreeMap<CreditSide, BigDecimal> byCredit = new TreeMap<>();
            base.get(department).forEach((credit, amount) -> {
                if (amount.signum() != 0) {
                    byCredit.put(credit, amount.multiply(factor));
                }
            });
            if (byCredit.isEmpty()) {
                continue;
            }
            BigDecimal markup = atCost.multiply(markupPercent).divide(HUNDRED);
            charges.add(new DepartmentCharge(department, own, shared, markup, atCost.add(markup), byCredit));
        }
        return charges;
    }

    private static int firstMatch(List<AllocationRule> rules, CostItem item) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(item)) {
                return i;
            }
        }
        return -1;
    }

    /** The pool's cost by department; empty when a proportional split finds no department to share with. */
    private static Map<String, BigDecimal> split(Pool pool, Map<String, BigDecimal> direct) {
        BigDecimal cost = pool.cost();
        Map<String, BigDecimal> weights = new TreeMap<>();
        if (AllocationRule.FIXED.equals(pool.rule().split())) {
            pool.rule().percentages().forEach((department, percent) -> weights.put(department, percent));
        } else {
            // Departments that paid for usage themselves share it by that cost; the platform's own department and
            // costs without a department take no share.
            direct.forEach((department, own) -> {
                if (department != null && own.signum() > 0 && !department.equals(pool.credit().department())) {
                    weights.put(department, own);
                }
            });
        }
        BigDecimal total = weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, BigDecimal> shares = new LinkedHashMap<>();
        if (total.signum() == 0) {
            return shares;
        }
        BigDecimal given = BigDecimal.ZERO;
        List<String> names = new ArrayList<>(weights.keySet());
        for (int i = 0; i < names.size(); i++) {
            String department = names.get(i);
            BigDecimal share = i == names.size() - 1 ? cost.subtract(given)
                    : cost.multiply(weights.get(department)).divide(total, SHARES);
            given = given.add(share);
            shares.put(department, share);
        }
        return shares;
    }

    private static void add(Map<String, Map<CreditSide, BigDecimal>> base, String department, CreditSide credit,
            BigDecimal amount) {
        base.computeIfAbsent(department, d -> new HashMap<>()).merge(credit, amount, BigDecimal::add);
    }
}
