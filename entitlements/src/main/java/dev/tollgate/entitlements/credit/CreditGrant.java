package dev.tollgate.entitlements.credit;

import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A grant as the credit engine sees it: an amount that usage burns, active from {@code effectiveAt} until the earliest
 * of its expiry and its end (void or delete), refilled to its amount at each recurrence, and clamped into its rollover
 * bounds at each reset. All instants are on whole minutes.
 *
 * @param priority 0 burns first; OpenMeter's API accepts 1–255 and uses 0 when none is given
 * @param expiresAt null when it never expires; also orders burning (grants that expire burn first)
 * @param endedAt when it was voided or its entitlement ended; null while neither happened
 * @param recurrence null for a one-off grant
 */
public record CreditGrant(String id, BigDecimal amount, int priority, Instant effectiveAt, Instant expiresAt,
        Instant endedAt, Recurrence recurrence, BigDecimal minRollover, BigDecimal maxRollover, Instant createdAt) {

    /** Refills the grant at {@code anchor + k × interval} for every whole k. */
    public record Recurrence(IsoPeriod interval, Instant anchor) {
    }

    /**
     * OpenMeter's burn-down order: priority, then grants that expire before those that do not, earlier expiry first,
     * then creation time, then id so that the order is total.
     */
    public static final Comparator<CreditGrant> BURN_ORDER = Comparator.comparingInt(CreditGrant::priority)
            .thenComparing(CreditGrant::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(CreditGrant::createdAt)
            .thenComparing(CreditGrant::id);

    public CreditGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(createdAt, "createdAt");
        minRollover = minRollover == null ? BigDecimal.ZERO : minRollover;
        maxRollover = maxRollover == null ? amount : maxRollover;
    }

    /** When it stops counting: its expiry or its end, whichever comes first; null if neither. */
    public Instant activeUntil() {
        if (expiresAt == null) {
            return endedAt;
        }
        return endedAt == null || expiresAt.isBefore(endedAt) ? expiresAt : endedAt;
    }

    /** Active from its effective time (inclusive) to {@link #activeUntil()} (exclusive). */
    public boolean activeAt(Instant at) {
        Instant until = activeUntil();
        return !at.isBefore(effectiveAt) && (until == null || at.isBefore(until));
    }

    /** Whether a recurrence refills it at this instant: one of its occurrences after it took effect, while active. */
    public boolean recursAt(Instant at) {
        if (recurrence == null || !at.isAfter(effectiveAt) || !activeAt(at)) {
            return false;
        }
        long k = recurrence.interval().index(recurrence.anchor(), at);
        return recurrence.interval().plus(recurrence.anchor(), k).equals(at);
    }

    /**
     * OpenMeter's rollover at a reset: {@code MIN(max, MAX(min, balance))}, so max wins when min exceeds it; never
     * below zero.
     */
    public BigDecimal rollover(BigDecimal balance) {
        return balance.max(minRollover).min(maxRollover).max(BigDecimal.ZERO);
    }
}
