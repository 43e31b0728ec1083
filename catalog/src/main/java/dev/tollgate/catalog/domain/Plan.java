package dev.tollgate.catalog.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a plan: a template for subscriptions, billed every {@code billingCadence} in {@code currency}, made
 * of phases (such as a trial, then the standard phase) that each hold rate cards. Only a draft may change; publishing
 * fixes it and closes the version it replaces.
 *
 * @param billingCadence ISO 8601, such as {@code P1M}
 * @param deletedAt null unless the version was deleted
 */
public record Plan(String id, String namespace, String key, int version, String name, String description,
        Map<String, String> metadata, String currency, String billingCadence, PlanProRating proRatingConfig,
        List<PlanPhase> phases, Instant effectiveFrom, Instant effectiveTo, Instant createdAt, Instant updatedAt,
        Instant deletedAt) {

    public PlanStatus statusAt(Instant now) {
        return PlanStatus.of(effectiveFrom, effectiveTo, now);
    }

    /** The phase with this key. */
    public PlanPhase phase(String key) {
        return phases.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("plan " + id + " has no phase '" + key + "'"));
    }

    /** Every feature key the plan's rate cards name. */
    public List<String> featureKeys() {
        return PlanPhase.featureKeys(phases);
    }
}
