package dev.tollgate.catalog.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What invoicing asks the catalog about subscriptions. */
public interface SubscriptionBilling {

    /**
     * Every live subscription of every namespace that started before {@code until} and had not ended by
     * {@code endedAfter}: the ones that may still have something to bill.
     */
    List<BillableSubscription> running(Instant until, Instant endedAfter);

    Optional<BillableSubscription> find(String namespace, String subscriptionId);

    /** The live subscriptions among the ids, by id, read in one query; an id that names none is left out. */
    Map<String, BillableSubscription> find(String namespace, Collection<String> subscriptionIds);

    /**
     * The priced items of each subscription for the billing periods that start before {@code until}, in order; free
     * rate cards (no price) are left out, since they bill nothing.
     */
    Map<String, List<BillableItem>> items(Collection<BillableSubscription> subscriptions, Instant until);
}
