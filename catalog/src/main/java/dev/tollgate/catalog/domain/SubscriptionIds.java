package dev.tollgate.catalog.domain;

import dev.tollgate.shared.ids.DerivedIds;

/**
 * The ids of a subscription's phases and items. They are computed from the plan version, not stored, so their ids are
 * derived from the subscription and their keys: the same on every read, in every answer and on every invoice line.
 */
public final class SubscriptionIds {

    private SubscriptionIds() {
    }

    public static String phase(Subscription subscription, String phaseKey) {
        return DerivedIds.ulid(subscription.createdAt(), subscription.id(), phaseKey);
    }

    public static String item(Subscription subscription, String phaseKey, String itemKey) {
        return DerivedIds.ulid(subscription.createdAt(), subscription.id(), phaseKey, itemKey);
    }
}
