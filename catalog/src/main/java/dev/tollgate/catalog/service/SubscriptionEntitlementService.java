package dev.tollgate.catalog.service;

import dev.tollgate.catalog.api.SubscriptionEntitlement;
import dev.tollgate.catalog.api.SubscriptionEntitlements;
import dev.tollgate.catalog.domain.EntitlementTemplate;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.RateCard;
import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.domain.SubscriptionSchedule;
import dev.tollgate.catalog.store.PlanRepository;
import dev.tollgate.catalog.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The entitlements subscriptions grant, read off their plan version's entitlement templates and phase timeline. */
@ApplicationScoped
public class SubscriptionEntitlementService implements SubscriptionEntitlements {

    private final SubscriptionRepository subscriptions;
    private final PlanRepository plans;

    SubscriptionEntitlementService(SubscriptionRepository subscriptions, PlanRepository plans) {
        this.subscriptions = subscriptions;
        this.plans = plans;
    }

    @Override
    @Transactional
    public List<SubscriptionEntitlement> of(String namespace, String subscriptionId) {
        var entity = subscriptions.findLive(namespace, subscriptionId);
        if (entity.isEmpty()) {
            return List.of();
        }
        Subscription subscription = subscriptions.toDomain(entity.get());
        Plan plan = plans.findById(namespace, subscription.planId()).map(plans::toDomain).orElseThrow();
        List<SubscriptionEntitlement> granted = new ArrayList<>();
        for (SubscriptionSchedule.ScheduledPhase phase : SubscriptionSchedule.phases(subscription, plan)) {
            if (phase.activeTo() != null && !phase.activeFrom().isBefore(phase.activeTo())) {
                continue;
            }
            for (RateCard card : phase.phase().rateCards()) {
                if (card.featureKey() != null && card.entitlementTemplate() != null) {
                    granted.add(entitlement(subscription, phase, card));
                }
            }
        }
        return granted;
    }

    private static SubscriptionEntitlement entitlement(Subscription s, SubscriptionSchedule.ScheduledPhase phase,
            RateCard card) {
        EntitlementTemplate template = card.entitlementTemplate();
        Map<String, String> metadata = Map.of();
        boolean soft = false;
        boolean preserve = false;
        String usagePeriod = null;
        String config = null;
        BigDecimal issue = null;
        Integer priority = null;
        List<SubscriptionEntitlement.Threshold> thresholds = List.of();
        if (template instanceof EntitlementTemplate.MeteredTemplate m) {
            metadata = m.metadata();
            soft = m.isSoftLimit();
            preserve = m.preserveOverageAtReset();
            usagePeriod = m.usagePeriod() != null ? m.usagePeriod()
                    : card.billingCadence() != null ? card.billingCadence() : s.billingCadence();
            issue = m.issueAfterReset();
            priority = m.issueAfterResetPriority();
            if (m.thresholds() != null) {
                thresholds = m.thresholds().stream()
                        .map(t -> new SubscriptionEntitlement.Threshold(t.type(), t.value())).toList();
            }
        } else if (template instanceof EntitlementTemplate.StaticTemplate st) {
            metadata = st.metadata();
            config = st.config();
        } else if (template instanceof EntitlementTemplate.BooleanTemplate b) {
            metadata = b.metadata();
        }
        return new SubscriptionEntitlement(s.namespace(), s.id(), s.customerId(), phase.phase().key(), card.key(),
                card.featureKey(), phase.activeFrom(), phase.activeTo(), s.billingAnchor(), template.type(),
                metadata == null ? Map.of() : metadata, soft, issue, priority, preserve, usagePeriod, config,
                thresholds);
    }
}
