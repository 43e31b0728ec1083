package dev.tollgate.invoicing.service;

import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.invoicing.domain.CustomerBilling;
import dev.tollgate.invoicing.domain.CustomerOverride;
import dev.tollgate.invoicing.domain.CustomerOverrideDraft;
import dev.tollgate.invoicing.domain.WorkflowRules;
import dev.tollgate.invoicing.store.CustomerOverrideEntity;
import dev.tollgate.invoicing.store.CustomerOverrideRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each customer is billed: OpenMeter's customer overrides ({@code /api/v1/billing/customers}) and the effective
 * profile and workflow that invoicing reads.
 */
@ApplicationScoped
public class CustomerBillingService {

    private final CustomerOverrideRepository overrides;
    private final BillingProfileService profiles;
    private final BillingCustomers customers;
    private final Clock clock;

    CustomerBillingService(CustomerOverrideRepository overrides, BillingProfileService profiles,
            BillingCustomers customers, Clock clock) {
        this.overrides = overrides;
        this.profiles = profiles;
        this.customers = customers;
        this.clock = clock;
    }

    @Transactional
    public CustomerBilling upsert(String namespace, String customerIdOrKey, CustomerOverrideDraft draft) {
        CustomerOverrideDraft body = draft == null ? new CustomerOverrideDraft(null, null) : draft;
        BillingCustomer customer = liveCustomer(namespace, customerIdOrKey);
        List<ValidationError> errors = new ArrayList<>();
        WorkflowRules.check("workflow", body.workflow(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (body.billingProfileId() != null) {
            profiles.live(namespace, body.billingProfileId(), "billingProfileId");
        }
        Instant now = clock.instant();
        CustomerOverrideEntity e = overrides.findByIdOptional(customer.id()).orElse(null);
        boolean created = e == null;
        if (created) {
            e = new CustomerOverrideEntity();
            e.customerId = customer.id();
            e.namespace = namespace;
            e.createdAt = now;
        }
        e.billingProfileId = body.billingProfileId();
        e.workflow = overrides.write(body.workflow());
        e.updatedAt = now;
        if (created) {
            overrides.persist(e);
        }
        return billing(namespace, customer, overrides.toDomain(e));
    }

    @Transactional
    public CustomerBilling get(String namespace, String customerIdOrKey) {
        BillingCustomer customer = liveCustomer(namespace, customerIdOrKey);
        return billing(namespace, customer, overrides.of(namespace, List.of(customer.id())).get(customer.id()));
    }

    @Transactional
    public void delete(String namespace, String customerIdOrKey) {
        BillingCustomer customer = liveCustomer(namespace, customerIdOrKey);
        if (!overrides.deleteById(customer.id())) {
            throw ApiException.notFound("customer " + customer.id() + " has no billing override");
        }
    }

    /**
     * A page of customers with how each is billed: every live customer, or only those with an override.
     *
     * @param profileIds only customers pinned to these profiles (implies overrides only)
     */
    @Transactional
    public Paging.Page<CustomerBilling> list(String namespace, boolean allCustomers, Collection<String> profileIds,
            Collection<String> customerIds, String orderBy, boolean descending, Paging paging) {
        Collection<String> ids = customerIds == null || customerIds.isEmpty() ? null : customerIds;
        if (!allCustomers || (profileIds != null && !profileIds.isEmpty())) {
            List<String> withOverride = overrides.customerIds(namespace, profileIds);
            ids = ids == null ? withOverride : withOverride.stream().filter(ids::contains).toList();
        }
        Paging.Page<BillingCustomer> page = customers.page(namespace, ids, orderBy, descending, paging);
        Map<String, CustomerOverride> found = overrides.of(namespace,
                page.items().stream().map(BillingCustomer::id).toList());
        return new Paging.Page<>(page.items().stream().map(c -> billing(namespace, c, found.get(c.id()))).toList(),
                page.totalCount());
    }

    /** How each of the customers is billed now, by id; for the billing run. */
    @Transactional
    public Map<String, CustomerBilling> effective(String namespace, Collection<String> customerIds) {
        Map<String, BillingCustomer> known = customers.byIds(namespace, customerIds);
        Map<String, CustomerOverride> found = overrides.of(namespace, known.keySet());
        Map<String, BillingProfile> profileById = new HashMap<>();
        Map<String, CustomerBilling> effective = new LinkedHashMap<>();
        BillingProfile fallback = null;
        for (BillingCustomer customer : known.values()) {
            CustomerOverride override = found.get(customer.id());
            BillingProfile profile;
            if (override != null && override.billingProfileId() != null) {
                profile = profileById.computeIfAbsent(override.billingProfileId(),
                        id -> profiles.get(namespace, id));
            } else {
                fallback = fallback != null ? fallback : profiles.defaultProfile(namespace);
                profile = fallback;
            }
            effective.put(customer.id(), compose(customer, profile, override));
        }
        return effective;
    }

    private CustomerBilling billing(String namespace, BillingCustomer customer, CustomerOverride override) {
        BillingProfile profile = override != null && override.billingProfileId() != null
                ? profiles.get(namespace, override.billingProfileId()) : profiles.defaultProfile(namespace);
        return compose(customer, profile, override);
    }

    private static CustomerBilling compose(BillingCustomer customer, BillingProfile profile,
            CustomerOverride override) {
        BillingWorkflow workflow = override == null || override.workflow() == null ? profile.workflow()
                : override.workflow().over(profile.workflow());
        return new CustomerBilling(customer, profile, workflow, override);
    }

    private BillingCustomer liveCustomer(String namespace, String idOrKey) {
        return customers.findLive(namespace, idOrKey).orElseThrow(() ->
                ApiException.notFound("no customer has id or key '" + idOrKey + "'"));
    }
}
