package dev.tollgate.catalog.api;

import java.util.List;

/** What the entitlements module asks the catalog about the entitlements subscriptions grant. */
public interface SubscriptionEntitlements {

    /**
     * The entitlements the subscription grants by its plan's templates, in phase order; none for a deleted or unknown
     * subscription.
     */
    List<SubscriptionEntitlement> of(String namespace, String subscriptionId);
}
