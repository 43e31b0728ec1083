package dev.tollgate.notifications.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox: one delivery per event and channel. A sender claims due deliveries under row locks (SKIP LOCKED, so that
 * processes share the work) and holds each by a lease while it sends; only the holder of the current attempt may
 * record its outcome.
 */
@ApplicationScoped
public class DeliveryRepository {

    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";
    public static final String SUCCESS = "SUCCESS";
    public static final String FAILED = "FAILED";
    public static final String RESENDING = "RESENDING";

    public record DeliveryRow(String eventId, String channelId, String state, String reason, int attempts,
            Instant nextAttemptAt, String annotations, Instant updatedAt) {
    }

    public record AttemptRow(String eventId, String channelId, int attempt, String state, Integer statusCode,
            String body, long durationMs, String url, Instant at) {
    }

    /** A delivery claimed for one attempt, with what sending it needs. */
    public record Claimed(String eventId, String channelId, int attempt, String payload, Instant eventCreatedAt,
            String url, String customHeaders, String signingSecretSealed, boolean channelActive) {
    }

    private final EntityManager em;

    DeliveryRepository(EntityManager em) {
        this.em = em;
    }

    public void insertPending(String eventId, Collection<String> channelIds, Instant now) {
        for (String channelId : channelIds) {
            em.createNativeQuery("INSERT INTO notification_deliveries (event_id, channel_id, state, next_attempt_at,"
                    + " updated_at) VALUES (?1, ?2, 'PENDING', ?3, ?3)").setParameter(1, eventId)
                    .setParameter(2, channelId).setParameter(3, now).executeUpdate();
        }
    }

    /**
     * Claims up to {@code limit} due deliveries: pending or resending ones whose time has come, and sending ones whose
     * lease ran out (their sender died mid-send; the receiver may see that attempt twice, with the same webhook-id).
     */
    @SuppressWarnings("unchecked")
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Object[]> rows = em.createNativeQuery("WITH due AS (SELECT event_id, channel_id FROM"
                + " notification_deliveries WHERE (state IN ('PENDING', 'RESENDING') AND next_attempt_at <= ?1)"
                + " OR (state = 'SENDING' AND lease_until < ?1) ORDER BY next_attempt_at NULLS FIRST LIMIT ?3"
                + " FOR UPDATE SKIP LOCKED), claimed AS (UPDATE notification_deliveries d SET state = 'SENDING',"
                + " attempts = d.attempts + 1, lease_until = ?2, updated_at = ?1 FROM due WHERE d.event_id ="
                + " due.event_id AND d.channel_id = due.channel_id RETURNING d.event_id, d.channel_id, d.attempts)"
                + " SELECT c.event_id, c.channel_id, c.attempts, CAST(e.payload AS text), e.created_at, ch.url,"
                + " CAST(ch.custom_headers AS text), ch.signing_secret, (NOT ch.disabled AND ch.deleted_at IS NULL)"
                + " FROM claimed c JOIN notification_events e ON e.id = c.event_id"
                + " JOIN notification_channels ch ON ch.id = c.channel_id")
                .setParameter(1, now).setParameter(2, leaseUntil).setParameter(3, limit).getResultList();
        List<Claimed> claimed = new ArrayList<>();
        for (Object[] r : rows) {
            claimed.add(new Claimed((String) r[0], (String) r[1], ((Number) r[2]).intValue(), (String) r[3],
                    EventRepository.instant(r[4]), (String) r[5], (String) r[6], (String) r[7], (Boolean) r[8]));
        }
        return claimed;
    }

    /**
     * Records an attempt's outcome, if the attempt is still the delivery's current one (a sender whose lease ran out
     * and was overtaken records nothing).
     *
     * @param nextAttemptAt null when no attempt follows
     * @return whether it was recorded
     */
    public boolean finish(AttemptRow attempt, String state, String reason, Instant nextAttemptAt) {
        int updated = em.createNativeQuery("UPDATE notification_deliveries SET state = ?1, reason = ?2,"
                + " next_attempt_at = ?3, lease_until = NULL, updated_at = ?4 WHERE event_id = ?5 AND channel_id = ?6"
                + " AND attempts = ?7 AND state = 'SENDING'").setParameter(1, state).setParameter(2, reason)
                .setParameter(3, nextAttemptAt).setParameter(4, attempt.at()).setParameter(5, attempt.eventId())
                .setParameter(6, attempt.channelId()).setParameter(7, attempt.attempt()).executeUpdate();
        if (updated == 0) {
            return false;
        }
        em.createNativeQuery("INSERT INTO notification_delivery_attempts (event_id, channel_id, attempt, state,"
                + " status_code, body, duration_ms, url, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                + " ON CONFLICT DO NOTHING").setParameter(1, attempt.eventId()).setParameter(2, attempt.channelId())
                .setParameter(3, attempt.attempt()).setParameter(4, attempt.state())
                .setParameter(5, attempt.statusCode()).setParameter(6, attempt.body())
                .setParameter(7, attempt.durationMs()).setParameter(8, attempt.url()).setParameter(9, attempt.at())
                .executeUpdate();
        return true;
    }

    /** Sends the event again to the channels (all when empty): sent or failed deliveries become due now. */
    public int resend(String eventId, Collection<String> channelIds, Instant now) {
        var update = em.createNativeQuery("UPDATE notification_deliveries SET state = 'RESENDING', reason ="
                + " 'event re-send was triggered', next_attempt_at = ?2, lease_until = NULL, updated_at = ?2,"
                + " annotations = annotations || jsonb_build_object('event.resend.timestamp', CAST(?3 AS text))"
                + " WHERE event_id = ?1 AND state IN ('SENDING', 'SUCCESS', 'FAILED')"
                + (channelIds.isEmpty() ? "" : " AND channel_id IN (?4)")).setParameter(1, eventId)
                .setParameter(2, now).setParameter(3, now.toString());
        if (!channelIds.isEmpty()) {
            update.setParameter(4, List.copyOf(channelIds));
        }
        return update.executeUpdate();
    }

    /** The deliveries of the events, by event id, each with its attempts newest first. */
    @SuppressWarnings("unchecked")
    public Map<String, List<DeliveryRow>> ofEvents(Collection<String> eventIds) {
        Map<String, List<DeliveryRow>> byEvent = new LinkedHashMap<>();
        if (eventIds.isEmpty()) {
            return byEvent;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT event_id, channel_id, state, reason, attempts,"
                + " next_attempt_at, CAST(annotations AS text), updated_at FROM notification_deliveries"
                + " WHERE event_id IN (?1) ORDER BY event_id, channel_id").setParameter(1, List.copyOf(eventIds))
                .getResultList();
        for (Object[] r : rows) {
            byEvent.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new DeliveryRow((String) r[0],
                    (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).intValue(),
                    EventRepository.instant(r[5]), (String) r[6], EventRepository.instant(r[7])));
        }
        return byEvent;
    }

    @SuppressWarnings("unchecked")
    public Map<String, List<AttemptRow>> attemptsOf(Collection<String> eventIds) {
        Map<String, List<AttemptRow>> byDelivery = new LinkedHashMap<>();
        if (eventIds.isEmpty()) {
            return byDelivery;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT event_id, channel_id, attempt, state, status_code, body,"
                + " duration_ms, url, at FROM notification_delivery_attempts WHERE event_id IN (?1)"
                + " ORDER BY event_id, channel_id, attempt DESC").setParameter(1, List.copyOf(eventIds))
                .getResultList();
        for (Object[] r : rows) {
            byDelivery.computeIfAbsent(r[0] + "/" + r[1], k -> new ArrayList<>()).add(new AttemptRow((String) r[0],
                    (String) r[1], ((Number) r[2]).intValue(), (String) r[3],
                    r[4] == null ? null : ((Number) r[4]).intValue(), (String) r[5], ((Number) r[6]).longValue(),
                    (String) r[7], EventRepository.instant(r[8])));
        }
        return byDelivery;
    }
}
