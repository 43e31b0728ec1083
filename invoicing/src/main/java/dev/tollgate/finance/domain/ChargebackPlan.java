package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * How a period's costs become internal invoices: where departments come from, the markup, the currency, and the
 * allocation rules of shared costs.
 *
 * @param departmentKey the customer metadata key that names the department; null for the hierarchy
 * @param departmentLevel the hierarchy level of departments, when {@code departmentKey} is null
 */
public record ChargebackPlan(String id, String namespace, String name, String description, String departmentKey,
        int departmentLevel, BigDecimal markupPercent, String currency, String creditAccount,
        List<AllocationRule> allocationRules, Instant createdAt, Instant updatedAt, Instant deletedAt) {

    public static final int DEFAULT_DEPARTMENT_LEVEL = 1;
    public static final String DEFAULT_CREDIT_ACCOUNT = "platform";

    public boolean departmentsFromMetadata() {
        return departmentKey != null;
    }
}
