package dev.tollgate.invoicing.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.invoicing.domain.CustomerBilling;
import dev.tollgate.invoicing.domain.CustomerOverride;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * OpenMeter's {@code BillingProfileCustomerOverrideWithDetails}: the customer's override (absent without one), the
 * profile it is billed under, and the workflow in effect. Tollgate's override also carries {@code workflow}: the
 * settings the customer changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerOverrideView(Override customerOverride, String baseBillingProfileId, Profile customerProfile,
        Customer customer) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Override(String customerId, String billingProfileId, BillingWorkflow workflow, Instant createdAt,
            Instant updatedAt) {
    }

    public record Profile(BillingParty supplier, BillingWorkflow workflow, Map<String, Map<String, String>> apps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Customer(String id, String key, String name, String primaryEmail, String currency,
            Map<String, String> billingAddress, Instant createdAt) {
    }

    static CustomerOverrideView of(CustomerBilling billing) {
        CustomerOverride o = billing.override();
        BillingCustomer c = billing.customer();
        return new CustomerOverrideView(o == null ? null : new Override(o.customerId(), o.billingProfileId(),
                o.workflow(), o.createdAt(), o.updatedAt()), billing.profile().id(),
                new Profile(billing.profile().supplier(), billing.workflow(),
                        BillingProfileView.appReferences(billing.profile().invoicingAppId())),
                new Customer(c.id(), c.key(), c.name(), c.primaryEmail(), c.currency(),
                        c.billingAddress() == null || c.billingAddress().isEmpty() ? null : c.billingAddress(),
                        c.createdAt()));
    }

    public record Page(long totalCount, int page, int pageSize, List<CustomerOverrideView> items) {
    }
}
