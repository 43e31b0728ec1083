package dev.tollgate.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.domain.CustomerAddress;
import dev.tollgate.catalog.domain.CustomerDraft;
import dev.tollgate.catalog.domain.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer in OpenMeter's v1 JSON shape (reads name its running subscriptions), with two Tollgate additions:
 * {@code parentCustomerId} and {@code external.stripeCustomerId} (as OpenMeter's first customer API had it).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CustomerView(String id, String key, String name, String description, Map<String, String> metadata,
        String primaryEmail, String currency, CustomerAddress billingAddress,
        @JsonInclude(JsonInclude.Include.ALWAYS) CustomerDraft.UsageAttribution usageAttribution,
        String parentCustomerId, CustomerDraft.External external, Instant createdAt, Instant updatedAt,
        Instant deletedAt, String currentSubscriptionId, List<SubscriptionView> subscriptions) {

    /** The customer alone, as create and update answer it. */
    static CustomerView of(Customer c) {
        return of(c, List.of(), null);
    }

    /**
     * The customer with the subscriptions that run now, the latest start first, as OpenMeter's reads expand it by
     * default; the current subscription is the first.
     */
    static CustomerView of(Customer c, List<Subscription> running, Instant now) {
        return new CustomerView(c.id(), c.key(), c.name(), c.description(), c.metadata(), c.primaryEmail(),
                c.currency(), c.billingAddress(), new CustomerDraft.UsageAttribution(c.subjectKeys()),
                c.parentCustomerId(),
                c.stripeCustomerId() == null ? null : new CustomerDraft.External(c.stripeCustomerId()),
                c.createdAt(), c.updatedAt(), c.deletedAt(), running.isEmpty() ? null : running.get(0).id(),
                running.stream().map(s -> SubscriptionView.of(s, now)).toList());
    }
}
