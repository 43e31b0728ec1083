package dev.tollgate.invoicing.domain;

/**
 * OpenMeter's {@code BillingProfileCustomerOverrideCreate}, with Tollgate's {@code workflow}: the settings the customer
 * changes, such as {@code {"invoicing": {"dueAfter": "P14D"}}}.
 */
public record CustomerOverrideDraft(String billingProfileId, BillingWorkflow workflow) {
}
