package dev.tollgate.notifications.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What was already sent: thresholds per rule, entitlement and usage period, and resets per rule and entitlement. */
@ApplicationScoped
public class MarkRepository {

    public record ThresholdMark(String kind, String thresholdType, BigDecimal thresholdValue) {
    }

    private final EntityManager em;

    MarkRepository(EntityManager em) {
        this.em = em;
    }

    @SuppressWarnings("unchecked")
    public List<ThresholdMark> sent(String ruleId, String entitlementId, Instant periodFrom) {
        List<ThresholdMark> marks = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT kind, threshold_type, threshold_value FROM"
                + " notification_threshold_marks WHERE rule_id = ?1 AND entitlement_id = ?2 AND period_from = ?3")
                .setParameter(1, ruleId).setParameter(2, entitlementId).setParameter(3, periodFrom).getResultList()) {
            marks.add(new ThresholdMark((String) r[0], (String) r[1], (BigDecimal) r[2]));
        }
        return marks;
    }

    /** Records a threshold as sent; false if it already was (the unique key is the last word on duplicates). */
    public boolean markThreshold(String ruleId, String entitlementId, Instant periodFrom, ThresholdMark mark,
            String eventId, Instant now) {
        return em.createNativeQuery("INSERT INTO notification_threshold_marks (rule_id, entitlement_id, period_from,"
                + " kind, threshold_type, threshold_value, event_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                + " ?8) ON CONFLICT DO NOTHING").setParameter(1, ruleId).setParameter(2, entitlementId)
                .setParameter(3, periodFrom).setParameter(4, mark.kind()).setParameter(5, mark.thresholdType())
                .setParameter(6, mark.thresholdValue()).setParameter(7, eventId).setParameter(8, now)
                .executeUpdate() == 1;
    }

    public boolean markReset(String ruleId, String entitlementId, Instant resetAt, String eventId) {
        return em.createNativeQuery("INSERT INTO notification_reset_marks (rule_id, entitlement_id, reset_at,"
                + " event_id) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING").setParameter(1, ruleId)
                .setParameter(2, entitlementId).setParameter(3, resetAt).setParameter(4, eventId)
                .executeUpdate() == 1;
    }
}
