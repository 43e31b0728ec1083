package dev.tollgate.entitlements.service;

import dev.tollgate.catalog.api.SubscriptionChanged;
import dev.tollgate.catalog.api.SubscriptionEntitlement;
import dev.tollgate.catalog.api.SubscriptionEntitlements;
import dev.tollgate.entitlements.store.EntitlementEntity;
import dev.tollgate.entitlements.store.EntitlementRepository;
import dev.tollgate.entitlements.store.GrantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps the entitlements a subscription grants in step with its timeline, in the subscription's own transaction: a new
 * subscription adds one per phase and template, a cancellation or plan change moves their end to the subscription's,
 * a deleted (never started) subscription deletes them. A conflict with an entitlement made by hand fails the change.
 */
@ApplicationScoped
public class SubscriptionEntitlementSync {

    private final SubscriptionEntitlements granted;
    private final EntitlementRepository entitlements;
    private final GrantRepository grants;
    private final EntitlementService service;
    private final Clock clock;

    SubscriptionEntitlementSync(SubscriptionEntitlements granted, EntitlementRepository entitlements,
            GrantRepository grants, EntitlementService service, Clock clock) {
        this.granted = granted;
        this.entitlements = entitlements;
        this.grants = grants;
        this.service = service;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void onChange(@Observes SubscriptionChanged changed) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, SubscriptionEntitlement> wanted = new LinkedHashMap<>();
        for (SubscriptionEntitlement spec : granted.of(changed.namespace(), changed.subscriptionId())) {
            wanted.put(spec.phaseKey() + "/" + spec.itemKey(), spec);
        }
        for (EntitlementEntity e : entitlements.ofSubscription(changed.namespace(), changed.subscriptionId())) {
            SubscriptionEntitlement spec = wanted.remove(e.subscriptionPhaseKey + "/" + e.subscriptionItemKey);
            if (spec == null || !spec.activeFrom().equals(e.activeFrom)) {
                end(e, now);
                if (spec != null) {
                    wanted.put(spec.phaseKey() + "/" + spec.itemKey(), spec);
                }
            } else if (!Objects.equals(spec.activeTo(), e.activeTo)) {
                e.activeTo = spec.activeTo();
                e.updatedAt = now;
                service.requireNoOverlap(e);
            }
        }
        entitlements.flush();
        for (SubscriptionEntitlement spec : wanted.values()) {
            service.createForSubscription(spec, now);
        }
    }

    /** A started entitlement ends now; one that never started is deleted. */
    private void end(EntitlementEntity e, Instant now) {
        if (e.activeFrom.isAfter(now)) {
            e.deletedAt = now;
        } else if (e.activeTo == null || e.activeTo.isAfter(now)) {
            e.activeTo = now;
        }
        e.updatedAt = now;
        grants.endWith(e.id, e.deletedAt != null ? now : e.activeTo);
    }
}
