package dev.tollgate.catalog.domain;

import java.util.Map;

/** Request bodies of the subscription endpoints, as clients send them (OpenMeter's shapes), before validation. */
public final class SubscriptionDrafts {

    private SubscriptionDrafts() {
    }

    /** A plan by key; the key's active version unless {@code version} pins a published one. */
    public record PlanReference(String key, Integer version) {
    }

    /**
     * OpenMeter's {@code PlanSubscriptionCreate}. {@code billingAnchor} (RFC 3339) defaults to the start; the billing
     * periods are counted from it.
     */
    public record Create(String timing, String customerId, String customerKey, PlanReference plan, String name,
            String description, Map<String, String> metadata, String billingAnchor) {

        public SubscriptionTiming start() {
            return SubscriptionTiming.parse("timing", timing, new SubscriptionTiming.Immediate());
        }
    }

    /** OpenMeter's {@code PlanSubscriptionChange}: ends the subscription and starts one on another plan. */
    public record Change(String timing, PlanReference plan, String name, String description,
            Map<String, String> metadata) {

        public SubscriptionTiming when() {
            return SubscriptionTiming.parse("timing", timing, new SubscriptionTiming.Immediate());
        }
    }

    /**
     * The body of {@code /migrate}: to {@code targetVersion} of the same plan (default its active version), when the
     * timing says (default immediately).
     */
    public record Migrate(String timing, Integer targetVersion, String startingPhase, String billingAnchor) {

        public SubscriptionTiming when() {
            return SubscriptionTiming.parse("timing", timing, new SubscriptionTiming.Immediate());
        }
    }

    /** The body of {@code /cancel}: immediately unless a timing says otherwise. */
    public record Cancel(String timing) {

        public SubscriptionTiming when() {
            return SubscriptionTiming.parse("timing", timing, new SubscriptionTiming.Immediate());
        }
    }
}
