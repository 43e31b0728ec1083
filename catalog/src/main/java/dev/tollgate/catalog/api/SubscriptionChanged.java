package dev.tollgate.catalog.api;

/**
 * Fired synchronously, inside the transaction, after a subscription is created, changed (ended and succeeded),
 * canceled, uncanceled or deleted, so that what depends on its timeline (its entitlements) changes with it or not at
 * all.
 */
public record SubscriptionChanged(String namespace, String subscriptionId) {
}
