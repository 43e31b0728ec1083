package dev.tollgate.invoicing.store;

import dev.tollgate.invoicing.domain.InvoiceStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Invoices, their locks and their numbers. */
@ApplicationScoped
public class InvoiceRepository implements PanacheRepositoryBase<InvoiceEntity, String> {

    public Optional<InvoiceEntity> find(String namespace, String id) {
        return find("namespace = ?1 and id = ?2", namespace, id).firstResultOptional();
    }

    public Optional<InvoiceEntity> gathering(String namespace, String customerId, String currency) {
        return find("namespace = ?1 and customerId = ?2 and currency = ?3 and status = ?4 and deletedAt is null",
                namespace, customerId, currency, InvoiceStatus.GATHERING.wireName()).firstResultOptional();
    }

    /** The gathering invoice, locked until the transaction ends; one query. */
    public Optional<InvoiceEntity> lockedGathering(String namespace, String customerId, String currency) {
        return getEntityManager().createQuery("from InvoiceEntity where namespace = ?1 and customerId = ?2"
                + " and currency = ?3 and status = ?4 and deletedAt is null", InvoiceEntity.class)
                .setParameter(1, namespace).setParameter(2, customerId).setParameter(3, currency)
                .setParameter(4, InvoiceStatus.GATHERING.wireName()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /**
     * Locks, in id order, every gathering invoice whose lines a sync of the subscription may change: the billed
     * customer's, and any other still holding one of the subscription's lines. Taken before the sync reads a line, it
     * keeps the sync and a collection of the same gathering invoice apart: otherwise a sync that read a line just
     * before a run moved it onto an invoice writes it back as it read it, into the gathering invoice.
     */
    public void lockGatheringOfSubscription(String namespace, String billedCustomerId, String subscriptionId) {
        // A union, not an OR, so that each half uses its index (an OR scanned every invoice per sync).
        getEntityManager().createNativeQuery("SELECT id FROM invoices WHERE id IN ("
                + "SELECT id FROM invoices WHERE namespace = ?1 AND customer_id = ?2"
                + " UNION SELECT invoice_id FROM invoice_lines WHERE subscription_id = ?3 AND deleted_at IS NULL)"
                + " AND status = 'gathering' AND deleted_at IS NULL ORDER BY id FOR UPDATE")
                .setParameter(1, namespace).setParameter(2, billedCustomerId).setParameter(3, subscriptionId)
                .getResultList();
    }

    public List<InvoiceEntity> gatheringOf(String namespace, String customerId) {
        return list("namespace = ?1 and customerId = ?2 and status = ?3 and deletedAt is null", namespace,
                customerId, InvoiceStatus.GATHERING.wireName());
    }

    /**
     * Makes the customer's gathering invoice in the currency unless it exists: two processes racing to make it both
     * end up with the one the unique index let in.
     */
    public void insertGatheringIfAbsent(InvoiceEntity wanted) {
        getEntityManager().createNativeQuery("INSERT INTO invoices (id, namespace, customer_id, currency, status,"
                + " profile_id, workflow, supplier, customer, metadata, validation_issues, created_at, updated_at)"
                + " VALUES (?1, ?2, ?3, ?4, 'gathering', ?5, CAST(?6 AS jsonb), CAST(?7 AS jsonb), CAST(?8 AS jsonb),"
                + " '{}', '[]', ?9, ?9)"
                + " ON CONFLICT (namespace, customer_id, currency) WHERE status = 'gathering' AND deleted_at IS NULL"
                + " DO NOTHING")
                .setParameter(1, wanted.id).setParameter(2, wanted.namespace).setParameter(3, wanted.customerId)
                .setParameter(4, wanted.currency).setParameter(5, wanted.profileId).setParameter(6, wanted.workflow)
                .setParameter(7, wanted.supplier).setParameter(8, wanted.customer).setParameter(9, wanted.createdAt)
                .executeUpdate();
    }

    /** Locks the invoice until the transaction ends. */
    public InvoiceEntity lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Locks the invoice unless another transaction holds it, in which case that one is doing the work. */
    public Optional<InvoiceEntity> tryLock(String id) {
        // SELECT ... FOR UPDATE SKIP LOCKED: no row when another transaction holds it.
        return getEntityManager().createQuery("from InvoiceEntity where id = ?1", InvoiceEntity.class)
                .setParameter(1, id).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", org.hibernate.LockOptions.SKIP_LOCKED)
                .getResultStream().findFirst();
    }

    /**
     * The next number of the profile's sequence for the year: 1, 2, 3, with no gaps. The row stays locked until the
     * issuing transaction ends, so a number is used exactly when that transaction commits.
     */
    public long nextNumber(String profileId, Instant issuedAt) {
        int year = issuedAt.atZone(ZoneOffset.UTC).getYear();
        Object next = getEntityManager().createNativeQuery("INSERT INTO invoice_number_sequences"
                + " (profile_id, year, last_number) VALUES (?1, ?2, 1) ON CONFLICT (profile_id, year)"
                + " DO UPDATE SET last_number = invoice_number_sequences.last_number + 1 RETURNING last_number")
                .setParameter(1, profileId).setParameter(2, year).getSingleResult();
        return ((Number) next).longValue();
    }

    /** Drafts whose review period is over, oldest first. */
    public List<String> draftsDue(String namespace, Instant now) {
        return getEntityManager().createQuery("select id from InvoiceEntity where status = ?1 and deletedAt is null"
                + " and draftUntil <= ?2 and (?3 is null or namespace = ?3) order by draftUntil", String.class)
                .setParameter(1, InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL.wireName()).setParameter(2, now)
                .setParameter(3, namespace).getResultList();
    }

    /** Invoices waiting for payment whose due date has passed. */
    public List<String> unpaidPastDue(String namespace, Instant now) {
        return getEntityManager().createQuery("select id from InvoiceEntity where status in ?1 and deletedAt is null"
                + " and dueAt <= ?2 and (?3 is null or namespace = ?3) order by dueAt", String.class)
                .setParameter(3, namespace)
                .setParameter(1, List.of(InvoiceStatus.ISSUED.wireName(), InvoiceStatus.PAYMENT_PENDING.wireName(),
                        InvoiceStatus.PAYMENT_FAILED.wireName(), InvoiceStatus.PAYMENT_ACTION_REQUIRED.wireName()))
                .setParameter(2, now).getResultList();
    }
}
