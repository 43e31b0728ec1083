package dev.tollgate.invoicing.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Customers' Stripe customers. */
@ApplicationScoped
public class StripeCustomerRepository implements PanacheRepositoryBase<StripeCustomerEntity, StripeCustomerEntity.Key> {

    public Optional<StripeCustomerEntity> of(String appId, String customerId) {
        return findByIdOptional(new StripeCustomerEntity.Key(appId, customerId));
    }

    /** The customer's link under any app, the latest first: what {@code GET /customers/{id}/stripe} shows. */
    public Optional<StripeCustomerEntity> latest(String namespace, String customerId) {
        return find("namespace = ?1 and customerId = ?2 order by updatedAt desc", namespace, customerId)
                .firstResultOptional();
    }
}
