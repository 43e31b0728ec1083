package dev.tollgate.invoicing.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** How far each subscription has been turned into lines. */
@ApplicationScoped
public class SubscriptionSyncRepository implements PanacheRepositoryBase<SubscriptionSyncEntity, String> {

    public Map<String, SubscriptionSyncEntity> of(Collection<String> subscriptionIds) {
        Map<String, SubscriptionSyncEntity> found = new LinkedHashMap<>();
        if (!subscriptionIds.isEmpty()) {
            list("subscriptionId in ?1", subscriptionIds).forEach(e -> found.put(e.subscriptionId, e));
        }
        return found;
    }

    /**
     * The subscription's row, made if absent, locked until the transaction ends: one process at a time turns a
     * subscription into lines.
     */
    public SubscriptionSyncEntity lock(String subscriptionId, String namespace) {
        getEntityManager().createNativeQuery("INSERT INTO billing_subscription_syncs (subscription_id, namespace,"
                + " synced_until, subscription_updated_at) VALUES (?1, ?2, ?3, ?3)"
                + " ON CONFLICT (subscription_id) DO NOTHING")
                .setParameter(1, subscriptionId).setParameter(2, namespace).setParameter(3, Instant.EPOCH)
                .executeUpdate();
        return findById(subscriptionId, LockModeType.PESSIMISTIC_WRITE);
    }
}
