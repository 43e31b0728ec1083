package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * How one shared cost is split over departments.
 *
 * @param customerId the customer whose usage is a shared platform (its whole cost is shared); null for a feature rule
 * @param featureKey the feature whose cost is shared by everyone who used it; null for a customer rule
 * @param split {@link #PROPORTIONAL} or {@link #FIXED}
 * @param percentages for {@link #FIXED}: department to percent, adding up to exactly 100; empty otherwise
 */
public record AllocationRule(String customerId, String featureKey, String split, Map<String, BigDecimal> percentages) {

    /** Over the departments in proportion to their own (direct) cost in the same period. */
    public static final String PROPORTIONAL = "proportional";
    /** By the fixed percentages of the rule. */
    public static final String FIXED = "fixed";

    public AllocationRule {
        percentages = percentages == null ? Map.of() : Map.copyOf(percentages);
    }

    public boolean sharesCustomer() {
        return customerId != null;
    }

    /** Whether the rule takes this cost out of its department to share it. */
    public boolean matches(CostItem item) {
        return sharesCustomer() ? customerId.equals(item.customerId()) : featureKey.equals(item.featureKey());
    }
}
