package dev.tollgate.finance.domain;

import java.math.BigDecimal;

/**
 * What one customer's usage of one feature cost in the period, exact, in the plan's currency: the input of a
 * chargeback.
 *
 * @param department null when the customer belongs to no department (or the usage to no customer)
 * @param customerId null for usage of subjects that are no customer's
 * @param featureKey null for usage of a meter no feature reads
 */
public record CostItem(String department, String customerId, String featureKey, BigDecimal cost) {
}
