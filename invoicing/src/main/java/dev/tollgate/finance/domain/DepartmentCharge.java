package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.util.SortedMap;

/**
 * What one department is charged for a period, exact (never rounded here).
 *
 * @param department null for costs that belong to no department: they are on the ledger, but nobody is invoiced
 * @param directCost its own usage's cost, less what allocation rules took out to share
 * @param allocatedCost its share of shared costs
 * @param markup the plan's markup on both
 * @param total direct + allocated + markup
 * @param charges the total by who is credited for it, markup included: the journal lines of the department
 */
public record DepartmentCharge(String department, BigDecimal directCost, BigDecimal allocatedCost, BigDecimal markup,
        BigDecimal total, SortedMap<CreditSide, BigDecimal> charges) {
}
