package dev.tollgate.catalog.store;

import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.shared.postgres.TransactionLock;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<SubscriptionEntity, String> {

    public Optional<SubscriptionEntity> findLive(String namespace, String id) {
        // By id, so that a second read in the same transaction (the billing run reads each subscription twice) is
        // answered from the persistence context.
        return findByIdOptional(id).filter(e -> e.namespace.equals(namespace) && e.deletedAt == null);
    }

    /** The live subscriptions among the ids, in one query. */
    public List<SubscriptionEntity> live(String namespace, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return list("namespace = ?1 and id in ?2 and deletedAt is null", namespace, ids);
    }

    /** A customer's subscriptions, the latest start first. */
    public List<SubscriptionEntity> ofCustomer(String namespace, String customerId, int offset, int limit) {
        return find("namespace = ?1 and customerId = ?2 and deletedAt is null order by activeFrom desc, id desc",
                namespace, customerId).range(offset, offset + limit - 1).list();
    }

    /** The live subscriptions of the customers that run at the instant, the latest start first. */
    public List<SubscriptionEntity> activeAt(String namespace, Collection<String> customerIds, Instant at) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return list("namespace = ?1 and customerId in ?2 and deletedAt is null and activeFrom <= ?3"
                + " and (activeTo is null or activeTo > ?3) order by activeFrom desc, id desc", namespace,
                customerIds, at);
    }

    /** What a subscription's recurring fees need of it: no metadata, names or billing fields. */
    public record Started(String id, String customerId, String planId, String planKey, int planVersion,
            String currency, Instant activeFrom, Instant activeTo) {
    }

    /**
     * The namespace's live subscriptions that started before the instant, ended or not, in start order. Only the
     * columns {@link Started} holds, and no entities: at 10,000 subscriptions, loading each as an entity (its JSON
     * metadata parsed, a snapshot kept for dirty checking) cost far more than the query.
     */
    public List<Started> startedBefore(String namespace, Instant until) {
        return getEntityManager().createQuery("select s.id, s.customerId, s.planId, s.planKey, s.planVersion,"
                + " s.currency, s.activeFrom, s.activeTo from SubscriptionEntity s where s.namespace = ?1"
                + " and s.deletedAt is null and s.activeFrom < ?2 order by s.activeFrom, s.id", Object[].class)
                .setParameter(1, namespace).setParameter(2, until).getResultStream()
                .map(r -> new Started((String) r[0], (String) r[1], (String) r[2], (String) r[3], (Integer) r[4],
                        (String) r[5], (Instant) r[6], (Instant) r[7]))
                .toList();
    }

    public long countOfCustomer(String namespace, String customerId) {
        return count("namespace = ?1 and customerId = ?2 and deletedAt is null", namespace, customerId);
    }

    /** The customer's live subscriptions, other than {@code exceptId}, that overlap [from, to); to null is open. */
    public List<SubscriptionEntity> overlapping(String namespace, String customerId, Instant from, Instant to,
            String exceptId) {
        return list("namespace = :ns and customerId = :customer and deletedAt is null and id <> :except"
                + " and (activeTo is null or activeTo > :from)" + (to == null ? "" : " and activeFrom < :to"),
                to == null ? params(namespace, customerId, from, exceptId)
                        : params(namespace, customerId, from, exceptId).and("to", to));
    }

    private static Parameters params(String namespace, String customerId, Instant from, String exceptId) {
        return Parameters.with("ns", namespace).and("customer", customerId).and("from", from)
                .and("except", exceptId == null ? "" : exceptId);
    }

    /**
     * Serializes changes to one customer's subscriptions, so that two requests cannot both find no overlap and then
     * both start one.
     */
    public void lockCustomer(String namespace, String customerId) {
        TransactionLock.acquire(getEntityManager(), "subscriptions:" + namespace + ":" + customerId);
    }

    public Subscription toDomain(SubscriptionEntity e) {
        return new Subscription(e.id, e.namespace, e.customerId, e.planId, e.planKey, e.planVersion, e.name,
                e.description, e.metadata == null ? Map.of() : Map.copyOf(e.metadata), e.currency, e.billingCadence,
                e.billingAnchor, e.activeFrom, e.activeTo, e.createdAt, e.updatedAt, e.deletedAt);
    }
}
