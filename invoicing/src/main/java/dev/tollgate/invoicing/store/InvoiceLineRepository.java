package dev.tollgate.invoicing.store;

import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.ManagedBy;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Invoice lines. */
@ApplicationScoped
public class InvoiceLineRepository implements PanacheRepositoryBase<InvoiceLineEntity, String> {

    /**
     * Refreshes the planner's statistics of the tables a billing run has just filled. Until autovacuum gets to them
     * (a minute or more), tables that grew from a few rows to tens of thousands keep plans made for a few rows: a
     * 10,000-customer run's reads took ten times longer until then.
     */
    public void refreshStatistics() {
        getEntityManager().createNativeQuery("ANALYZE invoice_lines, invoices, billing_subscription_syncs")
                .executeUpdate();
    }

    /** Makes the current transaction's reads read-only: nothing it loads is dirty-checked or flushed. */
    public void readOnly() {
        org.hibernate.Session session = getEntityManager().unwrap(org.hibernate.Session.class);
        session.setDefaultReadOnly(true);
        session.setHibernateFlushMode(org.hibernate.FlushMode.MANUAL);
    }

    /** The live lines of an invoice, grouped by the customer they bill for, then in period order. */
    public List<InvoiceLineEntity> ofInvoice(String invoiceId) {
        return list("invoiceId = ?1 and deletedAt is null order by usageCustomerId, periodFrom, name, id", invoiceId);
    }

    public Map<String, List<InvoiceLineEntity>> ofInvoices(Collection<String> invoiceIds) {
        Map<String, List<InvoiceLineEntity>> lines = new LinkedHashMap<>();
        if (!invoiceIds.isEmpty()) {
            list("invoiceId in ?1 and deletedAt is null order by usageCustomerId, periodFrom, name, id", invoiceIds)
                    .forEach(l -> lines.computeIfAbsent(l.invoiceId, id -> new java.util.ArrayList<>()).add(l));
        }
        return lines;
    }

    /**
     * The live lines of the namespace's live gathering invoices, by invoice, each invoice's in the order of
     * {@link #ofInvoices}, in one statement: a list of every gathering invoice's id made a statement of 10,000
     * parameters at 10,000 customers (and would fail past PostgreSQL's 32,767). The ids go through
     * {@code ANY (ARRAY(...))} rather than a join so that the lines are found by {@code invoice_lines_invoice}: a join
     * was planned as a scan of every line, twice as slow.
     */
    @SuppressWarnings("unchecked")
    public Map<String, List<InvoiceLineEntity>> ofGatheringIn(String namespace) {
        Map<String, List<InvoiceLineEntity>> lines = new LinkedHashMap<>();
        ((List<InvoiceLineEntity>) getEntityManager().createNativeQuery("""
                SELECT l.* FROM invoice_lines l
                 WHERE l.invoice_id = ANY (ARRAY(SELECT i.id FROM invoices i WHERE i.namespace = ?1 AND i.status = ?2
                                                   AND i.deleted_at IS NULL))
                   AND l.deleted_at IS NULL
                 ORDER BY l.usage_customer_id, l.period_from, l.name, l.id""", InvoiceLineEntity.class)
                .setParameter(1, namespace).setParameter(2, InvoiceStatus.GATHERING.wireName()).getResultList())
                .forEach(l -> lines.computeIfAbsent(l.invoiceId, id -> new java.util.ArrayList<>()).add(l));
        return lines;
    }

    /** The order of one billing period's lines: segments by start, then adjustments as they were made. */
    public static final java.util.Comparator<InvoiceLineEntity> PERIOD_ORDER = java.util.Comparator
            .comparing((InvoiceLineEntity l) -> l.periodFrom).thenComparing(l -> l.createdAt)
            .thenComparing(l -> l.id);

    /**
     * The live lines of the subscriptions' periods with these indexes (lines without an index too), ordered by start,
     * in one query: reconciliation needs only the few periods still within the lateness window, and reading every
     * period a subscription ever had grows with its history.
     */
    public List<InvoiceLineEntity> ofSubscriptionPeriods(Collection<String> subscriptionIds,
            Collection<Integer> periodIndexes) {
        if (subscriptionIds.isEmpty()) {
            return List.of();
        }
        return list("subscriptionId in ?1 and (periodIndex in ?2 or periodIndex is null) and deletedAt is null"
                + " order by periodFrom, id", subscriptionIds, periodIndexes.isEmpty() ? List.of(-1) : periodIndexes);
    }

    /** Each subscription's live lines, ordered by start, in one query. */
    public Map<String, List<InvoiceLineEntity>> ofSubscriptions(Collection<String> subscriptionIds) {
        Map<String, List<InvoiceLineEntity>> lines = new LinkedHashMap<>();
        if (!subscriptionIds.isEmpty()) {
            list("subscriptionId in ?1 and deletedAt is null order by periodFrom, id", subscriptionIds).forEach(
                    l -> lines.computeIfAbsent(l.subscriptionId, id -> new java.util.ArrayList<>()).add(l));
        }
        return lines;
    }

    /**
     * The gathering invoices with a line whose due time has come, with that earliest due time: the customers a run
     * may have to invoice. Usage adjustments (late usage, to be counted) ride along with the next invoice and never
     * make one by themselves; a flat fee's adjustment (a credit for a cancelled period) does.
     */
    public Map<String, Instant> gatheringDue(String namespace, Instant now) {
        Map<String, Instant> due = new LinkedHashMap<>();
        List<?> rows = getEntityManager().createNativeQuery("SELECT l.invoice_id, min(l.invoice_at)"
                + " FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
                + " WHERE i.status = 'gathering' AND i.deleted_at IS NULL AND l.deleted_at IS NULL"
                + " AND NOT (l.managed_by = 'system' AND l.kind = 'usage') AND l.invoice_at <= ?1"
                + " AND (CAST(?2 AS varchar) IS NULL OR i.namespace = CAST(?2 AS varchar))"
                + " GROUP BY l.invoice_id ORDER BY 2")
                .setParameter(1, now).setParameter(2, namespace).getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            due.put((String) columns[0], toInstant(columns[1]));
        }
        return due;
    }

    /**
     * Usage lines of issued, unvoided invoices billed to the customers whose billing period ended after
     * {@code since}: the periods late events may still change.
     *
     * @param exceptInvoiceId leaves out the lines this invoice was just made of, since their usage was read a moment
     *     ago, but not its adjustments (system lines), which carry a changed period's bounds; null for none
     */
    public List<InvoiceLineEntity> issuedUsageSince(String namespace, Collection<String> customerIds,
            Instant since, String exceptInvoiceId) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createQuery("select l from InvoiceLineEntity l, InvoiceEntity i"
                + " where i.id = l.invoiceId and l.namespace = ?1 and l.customerId in ?2 and l.kind = 'usage'"
                + " and l.deletedAt is null and i.deletedAt is null and l.billingPeriodTo > ?3"
                + " and i.status not in ?4 and (?5 is null or l.invoiceId <> ?5 or l.managedBy = ?6)"
                + " order by l.periodFrom", InvoiceLineEntity.class)
                .setParameter(1, namespace).setParameter(2, customerIds).setParameter(3, since)
                .setParameter(4, List.of(InvoiceStatus.GATHERING.wireName(), InvoiceStatus.VOIDED.wireName(),
                        InvoiceStatus.DELETED.wireName()))
                .setParameter(5, exceptInvoiceId).setParameter(6, ManagedBy.SYSTEM.wireName()).getResultList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
