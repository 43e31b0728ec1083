package dev.tollgate.invoicing.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
     * The subscriptions' rows, made if absent, locked in id order until the transaction ends: one process at a time
     * turns a subscription into lines. Two statements for any number of subscriptions.
     */
    public Map<String, SubscriptionSyncEntity> lock(String namespace, Collection<String> subscriptionIds) {
        Map<String, SubscriptionSyncEntity> locked = new LinkedHashMap<>();
        if (subscriptionIds.isEmpty()) {
            return locked;
        }
        List<String> ids = List.copyOf(new java.util.TreeSet<>(subscriptionIds));
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(?").append(i + 3).append(", ?1, ?2, ?2)");
        }
        var insert = getEntityManager().createNativeQuery("INSERT INTO billing_subscription_syncs (subscription_id,"
                + " namespace, synced_until, subscription_updated_at) VALUES " + values
                + " ON CONFLICT (subscription_id) DO NOTHING")
                .setParameter(1, namespace).setParameter(2, Instant.EPOCH);
        for (int i = 0; i < ids.size(); i++) {
            insert.setParameter(i + 3, ids.get(i));
        }
        insert.executeUpdate();
        getEntityManager().createQuery("from SubscriptionSyncEntity where subscriptionId in ?1"
                + " order by subscriptionId", SubscriptionSyncEntity.class)
                .setParameter(1, ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()
                .forEach(row -> locked.put(row.subscriptionId, row));
        return locked;
    }
}
