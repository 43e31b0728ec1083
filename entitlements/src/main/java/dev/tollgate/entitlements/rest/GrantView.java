package dev.tollgate.entitlements.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.entitlements.domain.Grant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code EntitlementGrantV2}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GrantView(String id, String entitlementId, BigDecimal amount, Integer priority, Instant effectiveAt,
        BigDecimal minRolloverAmount, BigDecimal maxRolloverAmount, Expiration expiration, Instant expiresAt,
        EntitlementView.RecurringPeriodView recurrence, Instant nextRecurrence, Map<String, String> metadata,
        Map<String, Object> annotations, Instant voidedAt, Instant createdAt, Instant updatedAt,
        Instant deletedAt) {

    /** OpenMeter's {@code ExpirationPeriod}. */
    public record Expiration(String duration, Integer count) {
    }

    /** OpenMeter's {@code GrantV2PaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<GrantView> items) {
    }

    static GrantView of(Grant g, Instant now) {
        return new GrantView(g.id(), g.entitlementId(), g.amount(), g.priority(), g.effectiveAt(),
                g.minRolloverAmount(), g.maxRolloverAmount(), g.expirationDuration() == null ? null
                        : new Expiration(g.expirationDuration(), g.expirationCount()), g.expiresAt(),
                EntitlementView.RecurringPeriodView.of(g.recurrence(), g.recurrenceAnchor()),
                g.nextRecurrence(now), g.metadata(), g.annotations().isEmpty() ? null : g.annotations(),
                g.voidedAt(), g.createdAt(), g.updatedAt(), g.deletedAt());
    }
}
