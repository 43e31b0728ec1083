package dev.tollgate.entitlements.service;

import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.store.EntitlementEntity;
import dev.tollgate.entitlements.store.EntitlementRepository;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds customers and their entitlements the way every entitlement endpoint names them. */
@ApplicationScoped
public class EntitlementLookup {

    private final EntitlementRepository entitlements;
    private final BillingCustomers customers;

    EntitlementLookup(EntitlementRepository entitlements, BillingCustomers customers) {
        this.entitlements = entitlements;
        this.customers = customers;
    }

    public BillingCustomer customer(String namespace, String customerIdOrKey) {
        return customers.findLive(namespace, customerIdOrKey).orElseThrow(() -> ApiException.notFound(
                "no live customer has id or key '" + customerIdOrKey + "'"));
    }

    /** The customer's entitlement with this id, or else the one to this feature in force at the instant. */
    public Optional<Entitlement> findAt(String namespace, String customerIdOrKey, String idOrFeatureKey,
            Instant at) {
        BillingCustomer customer = customer(namespace, customerIdOrKey);
        Optional<EntitlementEntity> found = entitlements.findInNamespace(namespace, idOrFeatureKey)
                .filter(e -> e.customerId.equals(customer.id()));
        if (found.isEmpty()) {
            found = entitlements.activeAt(namespace, customer.id(), idOrFeatureKey, at);
        }
        return found.map(entitlements::toDomain);
    }

    public Entitlement find(String namespace, String customerIdOrKey, String idOrFeatureKey, Instant at) {
        return findAt(namespace, customerIdOrKey, idOrFeatureKey, at).orElseThrow(() -> ApiException.notFound(
                "customer '" + customerIdOrKey + "' has no entitlement with id '" + idOrFeatureKey
                        + "' and none in force to a feature with that key"));
    }

    public Entitlement byId(String namespace, String id) {
        return entitlements.findInNamespace(namespace, id).map(entitlements::toDomain).orElseThrow(() ->
                ApiException.notFound("no entitlement has id '" + id + "'"));
    }

    /** The ids of the live customers named by id or key; names that match none are left out. */
    public List<String> customerIds(String namespace, List<String> idsOrKeys) {
        List<String> ids = new ArrayList<>();
        for (String idOrKey : idsOrKeys) {
            customers.findLive(namespace, idOrKey).ifPresent(c -> ids.add(c.id()));
        }
        return ids;
    }

    /** Entitlements a subscription made change only with the subscription, as in OpenMeter (403). */
    public void requireNotManaged(Entitlement entitlement, String what) {
        if (entitlement.subscriptionId() != null) {
            throw ApiException.forbidden("entitlement " + entitlement.id() + " belongs to subscription "
                    + entitlement.subscriptionId() + ": change the subscription, not " + what);
        }
    }
}
