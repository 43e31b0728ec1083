package dev.tollgate.invoicing.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/** Stripe events already processed, so that an event delivered twice is applied once. */
@ApplicationScoped
public class ProviderEventRepository {

    private final EntityManager em;

    ProviderEventRepository(EntityManager em) {
        this.em = em;
    }

    /** Records the event; false when it was recorded before (by this or another process). */
    public boolean firstTime(String appId, String eventId, String type, Instant now) {
        return em.createNativeQuery("INSERT INTO stripe_webhook_events (app_id, event_id, type, received_at)"
                + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING").setParameter(1, appId).setParameter(2, eventId)
                .setParameter(3, type).setParameter(4, now).executeUpdate() == 1;
    }
}
