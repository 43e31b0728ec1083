package dev.tollgate.catalog.service;

import dev.tollgate.catalog.api.CustomerHierarchy;
import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.catalog.domain.Feature;
import dev.tollgate.catalog.domain.FeatureUnitCost;
import dev.tollgate.catalog.store.CustomerRepository;
import dev.tollgate.catalog.store.FeatureRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** The catalog's answers to finance: metered features with their unit costs, and the customer hierarchy. */
@ApplicationScoped
public class FinanceCatalogService implements FeatureCosts, CustomerHierarchy {

    private final FeatureRepository features;
    private final CustomerRepository customers;

    FinanceCatalogService(FeatureRepository features, CustomerRepository customers) {
        this.features = features;
        this.customers = customers;
    }

    @Override
    @Transactional
    public List<MeteredFeature> meteredFeatures(String namespace) {
        return features.list("namespace = ?1 and archivedAt is null and meterSlug is not null order by featureKey",
                namespace).stream().map(FeatureRepository::toDomain).map(FinanceCatalogService::metered).toList();
    }

    @Override
    @Transactional
    public List<Member> members(String namespace) {
        return customers.list("namespace = ?1 order by id", namespace).stream()
                .map(e -> new Member(e.id, e.key, e.name, e.parentCustomerId,
                        e.metadata == null ? Map.of() : Map.copyOf(e.metadata), e.deletedAt))
                .toList();
    }

    private static MeteredFeature metered(Feature f) {
        return new MeteredFeature(f.key(), f.meterSlug(), f.meterGroupByFilters(), unitCost(f.unitCost()));
    }

    private static UnitCost unitCost(FeatureUnitCost c) {
        if (c == null) {
            return null;
        }
        return new UnitCost(c.type(), c.amount(), new Dimension(c.provider(), c.providerProperty()),
                new Dimension(c.model(), c.modelProperty()), new Dimension(c.tokenType(), c.tokenTypeProperty()),
                c.meter(), c.currencyOrDefault());
    }
}
