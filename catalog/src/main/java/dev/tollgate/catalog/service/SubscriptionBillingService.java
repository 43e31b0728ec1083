package dev.tollgate.catalog.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.catalog.api.BillableItem;
import dev.tollgate.catalog.api.BillableSubscription;
import dev.tollgate.catalog.api.BillingFeatures;
import dev.tollgate.catalog.api.RecurringFees;
import dev.tollgate.catalog.api.SubscriptionBilling;
import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.catalog.domain.Feature;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.RecurringFeeSchedule;
import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.domain.SubscriptionCharges;
import dev.tollgate.catalog.domain.SubscriptionIds;
import dev.tollgate.catalog.store.FeatureRepository;
import dev.tollgate.catalog.store.PlanRepository;
import dev.tollgate.catalog.store.SubscriptionEntity;
import dev.tollgate.catalog.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers invoicing's questions about subscriptions from the catalog's plans, features and timelines. */
@ApplicationScoped
public class SubscriptionBillingService implements SubscriptionBilling, BillingFeatures, RecurringFees {

    private final SubscriptionRepository subscriptions;
    private final PlanRepository plans;
    private final FeatureRepository features;
    private final ObjectMapper json;

    SubscriptionBillingService(SubscriptionRepository subscriptions, PlanRepository plans,
            FeatureRepository features, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.plans = plans;
        this.features = features;
        this.json = json;
    }

    /**
     * Plans that subscriptions are on, by id. A plan version is immutable once published (only drafts change, and
     * nothing subscribes to a draft), so a billing run that reads thousands of subscriptions reads each plan once.
     */
    private final Map<String, Plan> publishedPlans = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_PLANS = 10_000;
    /** Plans read at once by their ids: keeps a bulk read's parameter list short. */
    private static final int PLANS_PER_QUERY = 500;

    /**
     * Features by namespace and key, read at most every few seconds: a feature's meter never changes, but a key may
     * be archived and taken by a new feature, which a billing run then sees within {@link #FEATURE_TTL_NANOS}.
     */
    private record RecentFeature(Feature feature, long readAt) {
    }

    private static final long FEATURE_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private final Map<String, RecentFeature> recentFeatures = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, Feature> recentFeatures(String namespace, List<String> keys) {
        Map<String, Feature> found = new HashMap<>();
        List<String> stale = new java.util.ArrayList<>();
        long now = System.nanoTime();
        for (String key : keys) {
            RecentFeature recent = recentFeatures.get(namespace + "/" + key);
            if (recent != null && now - recent.readAt() < FEATURE_TTL_NANOS) {
                found.put(key, recent.feature());
            } else {
                stale.add(key);
            }
        }
        if (!stale.isEmpty()) {
            if (recentFeatures.size() > MAX_CACHED_PLANS) {
                recentFeatures.clear();
            }
            features.byKeys(namespace, stale).forEach((key, feature) -> {
                found.put(key, feature);
                recentFeatures.put(namespace + "/" + key, new RecentFeature(feature, now));
            });
        }
        return found;
    }

    @Override
    @Transactional
    public List<BillableSubscription> running(Instant until, Instant endedAfter) {
        return subscriptions.list("deletedAt is null and activeFrom < ?1 and (activeTo is null or activeTo > ?2)"
                + " order by namespace, customerId, activeFrom", until, endedAfter).stream()
                .map(SubscriptionBillingService::billable).toList();
    }

    @Override
    @Transactional
    public Optional<BillableSubscription> find(String namespace, String subscriptionId) {
        return subscriptions.findLive(namespace, subscriptionId).map(SubscriptionBillingService::billable);
    }

    @Override
    @Transactional
    public Map<String, BillableSubscription> find(String namespace, Collection<String> subscriptionIds) {
        // Read in bulk into the persistence context, where items() then finds them without a query each.
        Map<String, BillableSubscription> found = new LinkedHashMap<>();
        subscriptions.live(namespace, subscriptionIds).forEach(e -> found.put(e.id, billable(e)));
        return found;
    }

    @Override
    @Transactional
    public Map<String, List<BillableItem>> items(Collection<BillableSubscription> wanted, Instant until) {
        Map<String, Plan> planById = publishedPlans;
        Map<String, Map<String, Feature>> featuresByNamespace = new HashMap<>();
        Map<String, List<BillableItem>> items = new LinkedHashMap<>();
        for (BillableSubscription billable : wanted) {
            Optional<SubscriptionEntity> entity = subscriptions.findLive(billable.namespace(), billable.id());
            if (entity.isEmpty()) {
                items.put(billable.id(), List.of());
                continue;
            }
            Subscription subscription = subscriptions.toDomain(entity.get());
            if (planById.size() > MAX_CACHED_PLANS) {
                planById.clear();
            }
            Plan plan = planById.computeIfAbsent(subscription.planId(), id -> plans.findById(
                    subscription.namespace(), id).map(plans::toDomain).orElseThrow());
            Map<String, Feature> known = featuresByNamespace.computeIfAbsent(subscription.namespace(),
                    ns -> new HashMap<>());
            List<String> missing = plan.featureKeys().stream().filter(k -> !known.containsKey(k)).toList();
            known.putAll(recentFeatures(subscription.namespace(), missing));
            items.put(subscription.id(), itemsOf(subscription, plan, known, until));
        }
        return items;
    }

    @Override
    @Transactional
    public List<SubscriptionFees> startedBefore(String namespace, Instant until) {
        List<SubscriptionRepository.Started> started = subscriptions.startedBefore(namespace, until);
        // The plans not cached yet, in one query rather than one each.
        List<String> missing = started.stream().map(SubscriptionRepository.Started::planId).distinct()
                .filter(id -> !publishedPlans.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            if (publishedPlans.size() + missing.size() > MAX_CACHED_PLANS) {
                publishedPlans.clear();
            }
            for (int i = 0; i < missing.size(); i += PLANS_PER_QUERY) {
                plans.list("namespace = ?1 and id in ?2", namespace,
                        missing.subList(i, Math.min(missing.size(), i + PLANS_PER_QUERY)))
                        .forEach(e -> publishedPlans.put(e.id, plans.toDomain(e)));
            }
        }
        List<SubscriptionFees> found = new ArrayList<>(started.size());
        for (SubscriptionRepository.Started s : started) {
            Plan plan = publishedPlans.get(s.planId());
            if (plan == null) {
                // Cleared by another reader meanwhile, or not there at all (which throws, as before).
                plan = plans.findById(namespace, s.planId()).map(plans::toDomain).orElseThrow();
            }
            found.add(RecurringFeeSchedule.of(s.id(), s.customerId(), s.currency(), s.planKey(), s.planVersion(),
                    s.activeFrom(), s.activeTo(), plan));
        }
        return found;
    }

    @Override
    @Transactional
    public Optional<CatalogFeature> findFeature(String namespace, String idOrKey) {
        return features.findLive(namespace, idOrKey).map(FeatureRepository::toDomain)
                .map(f -> new CatalogFeature(f.id(), f.key(), f.meterSlug(), f.meterGroupByFilters()));
    }

    @Override
    @Transactional
    public Optional<FeatureMeter> meterOf(String namespace, String featureKey) {
        return features.findLive(namespace, featureKey).map(FeatureRepository::toDomain)
                .filter(f -> f.meterSlug() != null && f.key().equals(featureKey))
                .map(f -> new FeatureMeter(f.key(), f.meterSlug(), f.meterGroupByFilters()));
    }

    private List<BillableItem> itemsOf(Subscription subscription, Plan plan, Map<String, Feature> known,
            Instant until) {
        PricingCurrency currency = PricingCurrency.of(subscription.currency());
        List<BillableItem> items = new ArrayList<>();
        for (SubscriptionCharges.Charge charge : SubscriptionCharges.until(subscription, plan, until)) {
            String phaseKey = charge.phase().key();
            String itemKey = charge.rateCard().key();
            Feature feature = charge.rateCard().featureKey() == null ? null : known.get(charge.rateCard().featureKey());
            boolean flat = charge.isFlatFee();
            items.add(new BillableItem(subscription.id(), subscription.customerId(), subscription.currency(),
                    phaseKey, SubscriptionIds.phase(subscription, phaseKey), itemKey,
                    SubscriptionIds.item(subscription, phaseKey, itemKey),
                    charge.rateCard().name() == null ? itemKey : charge.rateCard().name(), charge.periodIndex(),
                    charge.period().from(), charge.period().to(), charge.period().fullFrom(),
                    charge.period().fullTo(), charge.proration(), charge.invoiceAt(),
                    flat ? BillableItem.Kind.FLAT_FEE : BillableItem.Kind.USAGE, charge.rateCard().featureKey(),
                    flat || feature == null ? null : feature.meterSlug(),
                    flat || feature == null ? Map.of() : feature.meterGroupByFilters(),
                    charge.rateCard().pricing(currency).orElseThrow(), json.valueToTree(charge.rateCard())));
        }
        return items;
    }

    private static BillableSubscription billable(SubscriptionEntity e) {
        return new BillableSubscription(e.id, e.namespace, e.customerId, e.currency, e.planId, e.planKey,
                e.planVersion, e.name, e.activeFrom, e.activeTo, e.billingAnchor, e.billingCadence, e.createdAt,
                e.updatedAt);
    }
}
