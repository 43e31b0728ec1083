package dev.tollgate.invoicing.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Invoice status changes as domain events. A trigger on {@code invoices} writes them in the changing transaction, so no
 * code path can change a status without one (migration 2026_12_05_16); the notifications hand each on once.
 */
@ApplicationScoped
public class InvoiceEventRepository {

    /** One status change: {@code invoice.created} or {@code invoice.updated}, and the transaction that made it. */
    public record Row(String id, String namespace, String invoiceId, String type, String status, Instant createdAt,
            long txid) {
    }

    private final EntityManager em;

    InvoiceEventRepository(EntityManager em) {
        this.em = em;
    }

    /** The oldest events not handed on yet, locked for the caller's transaction; rows another holds are skipped. */
    public List<Row> claimUnnotified(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, namespace, invoice_id, type, status, created_at,"
                + " COALESCE(txid, 0) FROM invoice_events WHERE notified_at IS NULL ORDER BY id LIMIT ?1"
                + " FOR UPDATE SKIP LOCKED").setParameter(1, limit).getResultList();
        List<Row> claimed = new ArrayList<>();
        for (Object[] r : rows) {
            Instant created = r[5] instanceof Timestamp t ? t.toInstant() : (Instant) r[5];
            claimed.add(new Row((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], created,
                    ((Number) r[6]).longValue()));
        }
        return claimed;
    }

    public void markNotified(List<String> ids, Instant at) {
        if (!ids.isEmpty()) {
            em.createNativeQuery("UPDATE invoice_events SET notified_at = ?1 WHERE id IN (?2)").setParameter(1, at)
                    .setParameter(2, ids).executeUpdate();
        }
    }
}
