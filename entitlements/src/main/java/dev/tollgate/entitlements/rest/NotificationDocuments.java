package dev.tollgate.entitlements.rest;

import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.BillingFeatures;
import dev.tollgate.entitlements.api.EntitlementFacts;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.EntitlementValue;
import dev.tollgate.entitlements.service.BalanceService;
import dev.tollgate.entitlements.service.EntitlementLookup;
import dev.tollgate.ingest.api.SubjectAttribution;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The figures and documents of quota notifications: the entitlement, feature, subject, customer and value in the shapes
 * of the API (OpenMeter's balance threshold payload), rendered here because the views live here.
 */
@ApplicationScoped
public class NotificationDocuments implements EntitlementFacts {

    private final EntitlementLookup lookup;
    private final BalanceService balances;
    private final BillingCustomers customers;
    private final BillingFeatures features;

    NotificationDocuments(EntitlementLookup lookup, BalanceService balances, BillingCustomers customers,
            BillingFeatures features) {
        this.lookup = lookup;
        this.balances = balances;
        this.customers = customers;
        this.features = features;
    }

    @Override
    @Transactional
    public Optional<ExactBalance> exact(String namespace, String entitlementId, Instant at) {
        Optional<Entitlement> found = find(namespace, entitlementId).filter(e -> e.metered() && e.activeAt(at));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Entitlement e = found.get();
        EntitlementValue value = balances.valueOf(e, at);
        var period = e.usagePeriods().periodAt(at);
        return Optional.of(new ExactBalance(period.from(), period.to(), value.usage(), value.balance(),
                value.totalAvailableGrantAmount(), documents(e, value, at)));
    }

    @Override
    @Transactional
    public Optional<Documents> documents(String namespace, String entitlementId, Instant at) {
        return find(namespace, entitlementId).map(e -> documents(e, e.activeAt(at) ? balances.valueOf(e, at)
                : EntitlementValue.NO_ACCESS, at));
    }

    private Optional<Entitlement> find(String namespace, String entitlementId) {
        try {
            return Optional.of(lookup.byId(namespace, entitlementId));
        } catch (ApiException notFound) {
            return Optional.empty();
        }
    }

    private Documents documents(Entitlement e, EntitlementValue value, Instant at) {
        BillingCustomer customer = customers.byIds(e.namespace(), List.of(e.customerId())).get(e.customerId());
        List<String> subjects = customers.attributions(e.namespace(), List.of(e.customerId()), at,
                at.plusSeconds(1)).getOrDefault(e.customerId(), List.of()).stream()
                .map(SubjectAttribution::subject).toList();
        Map<String, Object> documents = new LinkedHashMap<>();
        documents.put("entitlement", EntitlementView.of(e, customer == null ? null : customer.key(), at));
        documents.put("feature", feature(e));
        documents.put("subject", subjects.isEmpty() ? null : Map.of("key", subjects.get(0)));
        documents.put("customer", customer == null ? null : customer(customer, subjects));
        documents.put("value", ValueView.of(value));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("event.feature.key", e.featureKey());
        annotations.put("event.feature.id", e.featureId());
        if (!subjects.isEmpty()) {
            annotations.put("event.subject.key", subjects.get(0));
        }
        annotations.put("event.customer.id", e.customerId());
        if (customer != null && customer.key() != null) {
            annotations.put("event.customer.key", customer.key());
        }
        return new Documents(documents, annotations);
    }

    private Map<String, Object> feature(Entitlement e) {
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("id", e.featureId());
        feature.put("key", e.featureKey());
        features.findFeature(e.namespace(), e.featureId()).ifPresent(f -> {
            feature.put("meterSlug", f.meterSlug());
            if (f.groupFilters() != null && !f.groupFilters().isEmpty()) {
                feature.put("meterGroupByFilters", f.groupFilters());
            }
        });
        return feature;
    }

    private static Map<String, Object> customer(BillingCustomer c, List<String> subjects) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", c.id());
        customer.put("key", c.key());
        customer.put("name", c.name());
        customer.put("primaryEmail", c.primaryEmail());
        customer.put("currency", c.currency());
        customer.put("usageAttribution", Map.of("subjectKeys", subjects));
        customer.put("createdAt", c.createdAt());
        customer.values().removeIf(Objects::isNull);
        return customer;
    }
}
