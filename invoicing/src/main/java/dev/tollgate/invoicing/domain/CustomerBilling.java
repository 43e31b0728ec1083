package dev.tollgate.invoicing.domain;

import dev.tollgate.catalog.api.BillingCustomer;

/**
 * How a customer is billed: under which profile, with which workflow (the profile's with the customer's override laid
 * over it), and the override itself when there is one.
 */
public record CustomerBilling(BillingCustomer customer, BillingProfile profile, BillingWorkflow workflow,
        CustomerOverride override) {
}
