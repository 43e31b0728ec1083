package dev.tollgate.invoicing.store;

import com.github.f4b6a3.ulid.UlidCreator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * Invoice status changes as domain events, written in the transaction that makes the change, for the notifications
 * that send them (invoice.created, invoice.updated).
 */
@ApplicationScoped
public class InvoiceEventRepository {

    private final EntityManager em;

    InvoiceEventRepository(EntityManager em) {
        this.em = em;
    }

    public void record(InvoiceEntity invoice, String type, String detailJson, Instant now) {
        em.createNativeQuery("INSERT INTO invoice_events (id, namespace, invoice_id, type, status, detail, created_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), ?7)")
                .setParameter(1, UlidCreator.getMonotonicUlid().toString()).setParameter(2, invoice.namespace)
                .setParameter(3, invoice.id).setParameter(4, type).setParameter(5, invoice.status)
                .setParameter(6, detailJson == null ? "{}" : detailJson).setParameter(7, now).executeUpdate();
    }
}
