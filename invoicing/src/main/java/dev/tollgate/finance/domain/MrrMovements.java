package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * How MRR in one currency moved over one period, customer by customer: each customer's MRR at the period's start
 * (opening) is compared with its MRR at the end (closing). From nothing to something is new (reactivation when the
 * customer had MRR in the currency before), from something to nothing churned, up is expansion and down
 * contraction. {@code closing = opening + new + reactivation + expansion - contraction - churned}.
 *
 * @param contraction and {@code churned} are positive amounts that reduce MRR
 */
public record MrrMovements(Instant start, Instant end, String currency, BigDecimal opening, BigDecimal newMrr,
        BigDecimal reactivation, BigDecimal expansion, BigDecimal contraction, BigDecimal churned,
        BigDecimal closing, int newCustomers, int reactivatedCustomers, int churnedCustomers) {

    public BigDecimal net() {
        return newMrr.add(reactivation).add(expansion).subtract(contraction).subtract(churned);
    }
}
