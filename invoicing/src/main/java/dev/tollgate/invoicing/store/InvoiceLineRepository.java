package dev.tollgate.invoicing.store;

import dev.tollgate.invoicing.domain.InvoiceStatus;
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

    /** Every live line of one rate card's billing period: its segments and their adjustments. */
    public List<InvoiceLineEntity> ofPeriod(String subscriptionId, String itemKey, int periodIndex) {
        return list("subscriptionId = ?1 and itemKey = ?2 and periodIndex = ?3 and deletedAt is null"
                + " order by periodFrom, createdAt, id", subscriptionId, itemKey, periodIndex);
    }

    /** Every live line of a subscription, for re-syncing it after it changed. */
    public List<InvoiceLineEntity> ofSubscription(String subscriptionId) {
        return list("subscriptionId = ?1 and deletedAt is null order by periodFrom, id", subscriptionId);
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
     * Usage lines of issued, unvoided invoices billed to the customer whose billing period ended after
     * {@code since}: the periods late events may still change.
     */
    public List<InvoiceLineEntity> issuedUsageSince(String namespace, String customerId, String currency,
            Instant since) {
        return getEntityManager().createQuery("select l from InvoiceLineEntity l, InvoiceEntity i"
                + " where i.id = l.invoiceId and l.namespace = ?1 and l.customerId = ?2 and l.kind = 'usage'"
                + " and l.currency = ?5 and l.deletedAt is null and i.deletedAt is null and l.billingPeriodTo > ?3"
                + " and i.status not in ?4 order by l.periodFrom", InvoiceLineEntity.class)
                .setParameter(1, namespace).setParameter(2, customerId).setParameter(3, since)
                .setParameter(4, List.of(InvoiceStatus.GATHERING.wireName(), InvoiceStatus.VOIDED.wireName(),
                        InvoiceStatus.DELETED.wireName()))
                .setParameter(5, currency).getResultList();
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
