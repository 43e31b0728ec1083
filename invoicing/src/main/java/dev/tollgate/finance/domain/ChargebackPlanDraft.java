package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A chargeback plan as a client sent it, before validation: the body of a create and of a replace.
 *
 * @param departmentKey a customer metadata key (such as {@code costCenter}) whose value is the department
 * @param departmentLevel otherwise the level of the customer hierarchy (default 1: the organisation's departments)
 * @param markupPercent 0 (or absent) charges at cost
 * @param creditAccount the ledger account credited for direct costs (default {@code platform})
 */
public record ChargebackPlanDraft(String name, String description, String departmentKey, Integer departmentLevel,
        BigDecimal markupPercent, String currency, String creditAccount, List<AllocationRuleDraft> allocationRules) {

    /**
     * One allocation rule as sent.
     *
     * @param customer the id or key of the customer whose usage is a shared platform
     * @param feature or the key of the feature whose cost is shared
     */
    public record AllocationRuleDraft(String customer, String feature, String split,
            Map<String, BigDecimal> percentages) {
    }
}
