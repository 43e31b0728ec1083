package dev.tollgate.invoicing.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Invoice syncs to Stripe. */
@ApplicationScoped
public class StripeInvoiceSyncRepository implements PanacheRepositoryBase<StripeInvoiceSyncEntity, String> {

    /** Syncs with a step to do now, oldest first. */
    public List<String> due(Instant now, int limit) {
        return getEntityManager().createQuery("select invoiceId from StripeInvoiceSyncEntity where step not in"
                + " ('done', 'failed') and nextAttemptAt <= ?1 order by nextAttemptAt", String.class)
                .setParameter(1, now).setMaxResults(limit).getResultList();
    }

    /** The sync, locked, unless another process holds it (it is working on it). */
    public Optional<StripeInvoiceSyncEntity> tryLock(String invoiceId) {
        return getEntityManager().createQuery("from StripeInvoiceSyncEntity where invoiceId = ?1",
                StripeInvoiceSyncEntity.class).setParameter(1, invoiceId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", org.hibernate.LockOptions.SKIP_LOCKED)
                .getResultStream().findFirst();
    }
}
