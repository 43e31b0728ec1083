package dev.tollgate.invoicing.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.invoicing.domain.CustomerOverride;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Customers' billing overrides, their workflow as JSON. */
@ApplicationScoped
public class CustomerOverrideRepository implements PanacheRepositoryBase<CustomerOverrideEntity, String> {

    private final ObjectMapper json;

    CustomerOverrideRepository(ObjectMapper json) {
        this.json = json;
    }

    public Map<String, CustomerOverride> of(String namespace, Collection<String> customerIds) {
        Map<String, CustomerOverride> found = new LinkedHashMap<>();
        if (!customerIds.isEmpty()) {
            list("namespace = ?1 and customerId in ?2", namespace, customerIds)
                    .forEach(e -> found.put(e.customerId, toDomain(e)));
        }
        return found;
    }

    /** Customers with an override, optionally only those pinned to one of the profiles, sorted by customer id. */
    public List<String> customerIds(String namespace, Collection<String> profileIds) {
        return (profileIds == null || profileIds.isEmpty()
                ? list("namespace = ?1 order by customerId", namespace)
                : list("namespace = ?1 and billingProfileId in ?2 order by customerId", namespace, profileIds))
                .stream().map(e -> e.customerId).toList();
    }

    public CustomerOverride toDomain(CustomerOverrideEntity e) {
        try {
            BillingWorkflow workflow = json.readValue(e.workflow, BillingWorkflow.class);
            return new CustomerOverride(e.customerId, e.billingProfileId, isEmpty(workflow) ? null : workflow,
                    e.createdAt, e.updatedAt);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable stored workflow of customer " + e.customerId, ex);
        }
    }

    public String write(BillingWorkflow workflow) {
        try {
            return json.writeValueAsString(workflow == null ? new BillingWorkflow(null, null, null, null) : workflow);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write a workflow", ex);
        }
    }

    private static boolean isEmpty(BillingWorkflow w) {
        return w.collection() == null && w.invoicing() == null && w.payment() == null && w.tax() == null;
    }
}
