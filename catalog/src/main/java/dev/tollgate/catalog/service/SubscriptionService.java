package dev.tollgate.catalog.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.api.SubscriptionChanged;
import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.PlanStatus;
import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.domain.SubscriptionDrafts;
import dev.tollgate.catalog.domain.SubscriptionDrafts.PlanReference;
import dev.tollgate.catalog.domain.SubscriptionRules;
import dev.tollgate.catalog.domain.SubscriptionStatus;
import dev.tollgate.catalog.domain.SubscriptionTimeline;
import dev.tollgate.catalog.domain.SubscriptionTiming;
import dev.tollgate.catalog.store.PlanEntity;
import dev.tollgate.catalog.store.PlanRepository;
import dev.tollgate.catalog.store.SubscriptionEntity;
import dev.tollgate.catalog.store.SubscriptionRepository;
import dev.tollgate.shared.paging.Paging;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Subscriptions of customers to published plan versions. A customer's subscriptions never overlap: a plan change ends
 * the current one and starts the next at the same instant with the same billing anchor, so the billing cycle carries
 * on; a period cut by a change or a cancellation is prorated ({@link SubscriptionTimeline}).
 */
@ApplicationScoped
public class SubscriptionService {

    /** The subscription as it was and the one that follows it, after a plan change. */
    public record Change(Subscription current, Subscription next) {
    }

    private final SubscriptionRepository subscriptions;
    private final PlanRepository plans;
    private final CustomerDirectory customers;
    private final Event<SubscriptionChanged> subscriptionChanged;
    private final Clock clock;

    SubscriptionService(SubscriptionRepository subscriptions, PlanRepository plans, CustomerDirectory customers,
            Event<SubscriptionChanged> subscriptionChanged, Clock clock) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.customers = customers;
        this.subscriptionChanged = subscriptionChanged;
        this.clock = clock;
    }

    @Transactional
    public Subscription create(String namespace, SubscriptionDrafts.Create draft) {
        SubscriptionRules.requireValid(draft.name(), draft.description(), draft.metadata());
        Customer customer = customerOf(namespace, draft);
        Plan plan = publishedPlan(namespace, draft.plan());
        requireSameCurrency(customer, plan);
        SubscriptionTiming timing = draft.start();
        if (timing instanceof SubscriptionTiming.NextBillingCycle) {
            throw ApiException.invalid("timing", "invalid",
                    "cannot be 'next_billing_cycle' for a new subscription, which has no cycle yet");
        }
        Instant start = timing instanceof SubscriptionTiming.At at ? at.instant() : now();
        Instant anchor = draft.billingAnchor() == null ? start
                : SubscriptionTiming.instant("billingAnchor", draft.billingAnchor());
        subscriptions.lockCustomer(namespace, customer.id());
        requireNoOverlap(namespace, customer.id(), start, null);
        SubscriptionEntity e = newSubscription(namespace, customer.id(), plan, start, anchor, draft.name(),
                draft.description(), draft.metadata());
        changed(e);
        return subscriptions.toDomain(e);
    }

    @Transactional
    public Subscription get(String namespace, String id) {
        return subscriptions.toDomain(live(namespace, id));
    }

    /** The plan version a subscription runs on; published versions never change, so it is what was subscribed to. */
    @Transactional
    public Plan planOf(Subscription subscription) {
        return plans.findById(subscription.namespace(), subscription.planId()).map(plans::toDomain).orElseThrow();
    }

    /** One page of a customer's subscriptions, the latest start first. */
    @Transactional
    public Paging.Page<Subscription> ofCustomer(String namespace, String customerIdOrKey, Paging paging) {
        Customer customer = customers.find(namespace, customerIdOrKey).orElseThrow(
                () -> ApiException.notFound("no customer has id or key '" + customerIdOrKey + "'"));
        List<Subscription> items = subscriptions.ofCustomer(namespace, customer.id(), paging.offset(),
                paging.pageSize()).stream().map(subscriptions::toDomain).toList();
        return new Paging.Page<>(items, subscriptions.countOfCustomer(namespace, customer.id()));
    }

    /** Each customer's subscriptions that run now, the latest start first; a customer with none is left out. */
    @Transactional
    public Map<String, List<Subscription>> activeOf(String namespace, Collection<String> customerIds) {
        return subscriptions.activeAt(namespace, customerIds, now()).stream().map(subscriptions::toDomain)
                .collect(Collectors.groupingBy(Subscription::customerId, LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * Ends the subscription at the change's time and starts one on the new plan then, keeping the billing anchor: the
     * period the change cuts is prorated on both sides.
     */
    @Transactional
    public Change change(String namespace, String id, SubscriptionDrafts.Change draft) {
        SubscriptionRules.requireValid(draft.name(), draft.description(), draft.metadata());
        return replace(namespace, live(namespace, id), draft.when(), draft.plan(), draft.name(), draft.description(),
                draft.metadata(), null);
    }

    /**
     * OpenMeter's migration: a change to a newer version of the same plan, by default its active version. The name,
     * description and metadata carry over; the billing anchor too unless a new one is given.
     */
    @Transactional
    public Change migrate(String namespace, String id, SubscriptionDrafts.Migrate draft) {
        if (draft.startingPhase() != null) {
            throw ApiException.invalid("startingPhase", "unsupported", "is not supported yet: a migrated"
                    + " subscription starts in the plan's first phase");
        }
        SubscriptionEntity current = live(namespace, id);
        Subscription before = subscriptions.toDomain(current);
        int target = draft.targetVersion() != null ? draft.targetVersion()
                : plans.activeVersion(namespace, before.planKey(), now()).map(p -> p.planVersion)
                        .orElseThrow(() -> ApiException.invalid("targetVersion", "required", "plan '"
                                + before.planKey() + "' has no active version: name the version to migrate to"));
        if (target <= before.planVersion()) {
            throw ApiException.invalid("targetVersion", "not_newer", "must be newer than the subscription's version "
                    + before.planVersion() + " of plan '" + before.planKey() + "', not " + target);
        }
        Instant anchor = draft.billingAnchor() == null ? null
                : SubscriptionTiming.instant("billingAnchor", draft.billingAnchor());
        return replace(namespace, current, draft.when(), new PlanReference(before.planKey(), target), before.name(),
                before.description(), before.metadata(), anchor);
    }

    /** Ends the subscription when the timing says and starts its successor on the plan then. */
    private Change replace(String namespace, SubscriptionEntity current, SubscriptionTiming timing,
            PlanReference planReference, String name, String description, Map<String, String> metadata,
            Instant newAnchor) {
        Subscription before = subscriptions.toDomain(current);
        Instant now = now();
        SubscriptionStatus status = before.statusAt(now);
        if (status == SubscriptionStatus.SCHEDULED || status == SubscriptionStatus.INACTIVE) {
            throw ApiException.conflict("subscription " + before.id() + " is " + status.apiName()
                    + ": only a running subscription changes plan");
        }
        Instant at = effectiveTime(before, timing, now);
        if (before.activeTo() != null && at.isAfter(before.activeTo())) {
            throw ApiException.invalid("timing", "too_late", "must not be after the subscription's end, "
                    + before.activeTo());
        }
        Customer customer = customers.find(namespace, before.customerId()).orElseThrow(
                () -> ApiException.conflict("the subscription's customer " + before.customerId() + " was deleted"));
        Plan plan = publishedPlan(namespace, planReference);
        requireSameCurrency(customer, plan);
        subscriptions.lockCustomer(namespace, customer.id());
        requireNoOverlap(namespace, customer.id(), at, before.id());
        current.activeTo = at;
        current.updatedAt = now;
        SubscriptionEntity next = newSubscription(namespace, customer.id(), plan, at,
                newAnchor == null ? before.billingAnchor() : newAnchor, name, description,
                metadata == null ? before.metadata() : metadata);
        changed(current);
        changed(next);
        return new Change(subscriptions.toDomain(current), subscriptions.toDomain(next));
    }

    /** Sets the end; a successor already scheduled after that end is a conflict, as in OpenMeter. */
    @Transactional
    public Subscription cancel(String namespace, String id, SubscriptionDrafts.Cancel draft) {
        SubscriptionEntity e = live(namespace, id);
        Subscription subscription = subscriptions.toDomain(e);
        Instant now = now();
        if (subscription.statusAt(now) == SubscriptionStatus.INACTIVE) {
            throw ApiException.conflict("subscription " + id + " already ended at " + subscription.activeTo());
        }
        Instant at = effectiveTime(subscription, draft.when(), now);
        subscriptions.lockCustomer(namespace, e.customerId);
        requireNoSuccessor(namespace, subscription, at);
        e.activeTo = at;
        e.updatedAt = now;
        changed(e);
        return subscriptions.toDomain(e);
    }

    @Transactional
    public Subscription unscheduleCancelation(String namespace, String id) {
        SubscriptionEntity e = live(namespace, id);
        Subscription subscription = subscriptions.toDomain(e);
        if (subscription.statusAt(now()) != SubscriptionStatus.CANCELED) {
            throw ApiException.conflict("subscription " + id + " has no cancelation scheduled");
        }
        subscriptions.lockCustomer(namespace, e.customerId);
        requireNoSuccessor(namespace, subscription, e.activeTo);
        e.activeTo = null;
        e.updatedAt = now();
        changed(e);
        return subscriptions.toDomain(e);
    }

    /** Only a subscription that has not started can be deleted, as in OpenMeter; others are canceled. */
    @Transactional
    public void delete(String namespace, String id) {
        SubscriptionEntity e = live(namespace, id);
        if (subscriptions.toDomain(e).statusAt(now()) != SubscriptionStatus.SCHEDULED) {
            throw ApiException.conflict("subscription " + id + " has started: cancel it instead");
        }
        e.deletedAt = now();
        e.updatedAt = e.deletedAt;
        changed(e);
    }

    /** Tells the subscription's dependents (its entitlements) in this transaction: they change with it or not at all. */
    private void changed(SubscriptionEntity e) {
        subscriptions.flush();
        subscriptionChanged.fire(new SubscriptionChanged(e.namespace, e.id));
    }

    private Instant effectiveTime(Subscription subscription, SubscriptionTiming timing, Instant now) {
        Instant at = now;
        if (timing instanceof SubscriptionTiming.NextBillingCycle) {
            at = SubscriptionTimeline.periodAround(subscription.billingAnchor(), subscription.cadence(),
                    max(now, subscription.activeFrom())).to();
        } else if (timing instanceof SubscriptionTiming.At instant) {
            at = instant.instant();
        }
        if (!at.isAfter(subscription.activeFrom())) {
            throw ApiException.invalid("timing", "too_early", "must be after the subscription's start, "
                    + subscription.activeFrom() + ", not " + at);
        }
        return at;
    }

    private Customer customerOf(String namespace, SubscriptionDrafts.Create draft) {
        if (draft.customerId() != null) {
            return customers.find(namespace, draft.customerId()).filter(c -> c.id().equals(draft.customerId()))
                    .orElseThrow(() -> ApiException.invalid("customerId", "unknown",
                            "names no customer: '" + draft.customerId() + "'"));
        }
        if (draft.customerKey() != null) {
            return customers.find(namespace, draft.customerKey())
                    .filter(c -> draft.customerKey().equals(c.key()))
                    .orElseThrow(() -> ApiException.invalid("customerKey", "unknown",
                            "names no customer: '" + draft.customerKey() + "'"));
        }
        throw ApiException.invalid("customerId", "required", "or customerKey is required");
    }

    /** The key's active version, or the pinned version if it was published (an archived one may still be sold). */
    private Plan publishedPlan(String namespace, PlanReference reference) {
        if (reference == null || reference.key() == null || reference.key().isBlank()) {
            throw ApiException.invalid("plan.key", "required", "is required");
        }
        List<PlanEntity> versions = plans.versions(namespace, reference.key()).stream()
                .filter(e -> e.deletedAt == null).toList();
        if (versions.isEmpty()) {
            throw ApiException.invalid("plan.key", "unknown", "names no plan: '" + reference.key() + "'");
        }
        Instant now = now();
        if (reference.version() == null) {
            return plans.activeVersion(namespace, reference.key(), now).map(plans::toDomain)
                    .orElseThrow(() -> ApiException.invalid("plan.key", "not_published", "plan '"
                            + reference.key() + "' has no active version: publish one, or pin a version"));
        }
        PlanEntity pinned = versions.stream().filter(e -> e.planVersion == reference.version()).findFirst()
                .orElseThrow(() -> ApiException.invalid("plan.version", "unknown", "plan '" + reference.key()
                        + "' has no version " + reference.version()));
        PlanStatus status = PlanStatus.of(pinned.effectiveFrom, pinned.effectiveTo, now);
        if (status != PlanStatus.ACTIVE && status != PlanStatus.ARCHIVED) {
            throw ApiException.invalid("plan.version", "not_published", "version " + reference.version()
                    + " of plan '" + reference.key() + "' is " + status.apiName() + ": only a published version"
                    + " can be subscribed to");
        }
        return plans.toDomain(pinned);
    }

    private static void requireSameCurrency(Customer customer, Plan plan) {
        if (customer.currency() != null && !customer.currency().equals(plan.currency())) {
            throw ApiException.invalid("plan", "currency", "plan '" + plan.key() + "' is priced in "
                    + plan.currency() + " but customer " + customer.id() + " is billed in " + customer.currency());
        }
    }

    private void requireNoOverlap(String namespace, String customerId, Instant from, String exceptId) {
        subscriptions.overlapping(namespace, customerId, from, null, exceptId).stream().findFirst().ifPresent(e -> {
            throw ApiException.conflict("customer " + customerId + " already has subscription " + e.id
                    + " from " + e.activeFrom + (e.activeTo == null ? " with no end" : " to " + e.activeTo)
                    + ": change or cancel it instead");
        });
    }

    private void requireNoSuccessor(String namespace, Subscription subscription, Instant end) {
        subscriptions.overlapping(namespace, subscription.customerId(), end, null, subscription.id()).stream()
                .findFirst().ifPresent(e -> {
                    throw ApiException.conflict("subscription " + e.id + " is scheduled to start at " + e.activeFrom
                            + ", after " + end + ": delete it first");
                });
    }

    private SubscriptionEntity newSubscription(String namespace, String customerId, Plan plan, Instant start,
            Instant anchor, String name, String description, Map<String, String> metadata) {
        Instant now = now();
        SubscriptionEntity e = new SubscriptionEntity();
        e.id = UlidCreator.getMonotonicUlid().toString();
        e.namespace = namespace;
        e.customerId = customerId;
        e.planId = plan.id();
        e.planKey = plan.key();
        e.planVersion = plan.version();
        e.name = name == null || name.isBlank() ? plan.name() : name;
        e.description = description;
        e.metadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
        e.currency = plan.currency();
        e.billingCadence = plan.billingCadence();
        e.billingAnchor = anchor;
        e.activeFrom = start;
        e.createdAt = now;
        e.updatedAt = now;
        subscriptions.persist(e);
        return e;
    }

    private SubscriptionEntity live(String namespace, String id) {
        return subscriptions.findLive(namespace, id)
                .orElseThrow(() -> ApiException.notFound("no subscription has id '" + id + "'"));
    }

    private Instant now() {
        return clock.instant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
