package dev.tollgate.catalog.domain;

import dev.tollgate.shared.time.IsoPeriod;
import java.time.Instant;
import java.util.Map;

/**
 * A customer on one published plan version from {@code activeFrom} until {@code activeTo} (open when null). Billing
 * periods are {@code billingCadence} long and counted from {@code billingAnchor} (see {@link SubscriptionTimeline}).
 */
public record Subscription(String id, String namespace, String customerId, String planId, String planKey,
        int planVersion, String name, String description, Map<String, String> metadata, String currency,
        String billingCadence, Instant billingAnchor, Instant activeFrom, Instant activeTo, Instant createdAt,
        Instant updatedAt, Instant deletedAt) {

    public SubscriptionStatus statusAt(Instant now) {
        return SubscriptionStatus.of(activeFrom, activeTo, now);
    }

    public IsoPeriod cadence() {
        return IsoPeriod.parse(billingCadence).orElseThrow();
    }
}
