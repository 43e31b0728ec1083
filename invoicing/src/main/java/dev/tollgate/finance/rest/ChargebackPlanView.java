package dev.tollgate.finance.rest;

import dev.tollgate.finance.domain.AllocationRule;
import dev.tollgate.finance.domain.ChargebackPlan;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A chargeback plan as the API shows it; amounts and percentages as decimal strings. */
public record ChargebackPlanView(String id, String name, String description, String departmentKey,
        Integer departmentLevel, String markupPercent, String currency, String creditAccount,
        List<RuleView> allocationRules, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    /** @param customer the shared platform customer's id */
    public record RuleView(String customer, String feature, String split, Map<String, String> percentages) {
    }

    public record Page(long totalCount, int page, int pageSize, List<ChargebackPlanView> items) {
    }

    static ChargebackPlanView of(ChargebackPlan plan) {
        return new ChargebackPlanView(plan.id(), plan.name(), plan.description(), plan.departmentKey(),
                plan.departmentsFromMetadata() ? null : plan.departmentLevel(),
                plan.markupPercent().toPlainString(), plan.currency(), plan.creditAccount(),
                plan.allocationRules().stream().map(ChargebackPlanView::rule).toList(), plan.createdAt(),
                plan.updatedAt(), plan.deletedAt());
    }

    private static RuleView rule(AllocationRule rule) {
        Map<String, String> percentages = new TreeMap<>();
        rule.percentages().forEach((department, percent) -> percentages.put(department, plain(percent)));
        return new RuleView(rule.customerId(), rule.featureKey(), rule.split(),
                AllocationRule.FIXED.equals(rule.split()) ? percentages : null);
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
