package dev.tollgate.entitlements.domain;

import dev.tollgate.entitlements.credit.CreditGrant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A grant of a metered entitlement, as stored: an amount usage burns, from {@code effectiveAt}, optionally expiring,
 * recurring and voided.
 *
 * @param expirationDuration HOUR, DAY, WEEK, MONTH or YEAR; null when it never expires
 * @param recurrence ISO 8601; null for a one-off grant
 * @param deletedAt when its entitlement ended; null while it is in force
 */
public record Grant(String id, String namespace, String entitlementId, BigDecimal amount, int priority,
        Instant effectiveAt, String expirationDuration, Integer expirationCount, Instant expiresAt,
        String recurrence, Instant recurrenceAnchor, BigDecimal minRolloverAmount, BigDecimal maxRolloverAmount,
        Map<String, String> metadata, Map<String, Object> annotations, Instant voidedAt, Instant deletedAt,
        Instant createdAt, Instant updatedAt) {

    /** What grant lists can be ordered by, the default first. */
    public static final List<String> ORDER_BY = List.of("createdAt", "updatedAt", "id");

    /** The grant as the credit engine burns it. */
    public CreditGrant toCredit() {
        Instant ended = voidedAt == null ? deletedAt
                : deletedAt == null || voidedAt.isBefore(deletedAt) ? voidedAt : deletedAt;
        CreditGrant.Recurrence recurs = recurrence == null ? null
                : new CreditGrant.Recurrence(RecurringInterval.period(recurrence), recurrenceAnchor);
        return new CreditGrant(id, amount, priority, effectiveAt, expiresAt, ended, recurs, minRolloverAmount,
                maxRolloverAmount, createdAt);
    }

    /** The next refill at or after the instant, or null for a one-off grant. */
    public Instant nextRecurrence(Instant at) {
        if (recurrence == null) {
            return null;
        }
        var interval = RecurringInterval.period(recurrence);
        long k = interval.index(recurrenceAnchor, at);
        Instant occurrence = interval.plus(recurrenceAnchor, k);
        return occurrence.isBefore(at) ? interval.plus(recurrenceAnchor, k + 1) : occurrence;
    }
}
