package dev.tollgate.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.domain.SubscriptionStatus;
import java.time.Instant;
import java.util.Map;

/** OpenMeter's {@code Subscription}, with the billing anchor that its billing periods count from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(String id, String name, String description, Map<String, String> metadata,
        String customerId, PlanRef plan, SubscriptionStatus status, String currency, String billingCadence,
        Instant billingAnchor, Instant activeFrom, Instant activeTo, Instant createdAt, Instant updatedAt,
        Instant deletedAt) {

    /** OpenMeter's {@code PlanReference}: the exact version subscribed to. */
    public record PlanRef(String id, String key, int version) {
    }

    static SubscriptionView of(Subscription s, Instant now) {
        return new SubscriptionView(s.id(), s.name(), s.description(), s.metadata(), s.customerId(),
                new PlanRef(s.planId(), s.planKey(), s.planVersion()), s.statusAt(now), s.currency(),
                s.billingCadence(), s.billingAnchor(), s.activeFrom(), s.activeTo(), s.createdAt(), s.updatedAt(),
                s.deletedAt());
    }
}
