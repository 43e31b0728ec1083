package dev.tollgate.finance.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A customer's recurring fee over [from, to), normalised to a month ({@link MonthlyRate}).
 *
 * @param to null while it has no end
 */
public record MrrSegment(String customerId, String currency, String planKey, Instant from, Instant to,
        BigDecimal monthly) {

    /**
     * Whether it is part of the MRR in effect just before {@code at}: started before and not ended until then. A
     * fee that starts at {@code at} belongs to what comes after, one that ends at {@code at} to what came before, so
     * each change falls in exactly one of two adjacent periods.
     */
    public boolean inEffectBefore(Instant at) {
        return from.isBefore(at) && (to == null || !to.isBefore(at));
    }
}
