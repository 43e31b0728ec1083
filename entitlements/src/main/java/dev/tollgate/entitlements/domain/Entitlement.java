package dev.tollgate.entitlements.domain;

import dev.tollgate.entitlements.credit.UsagePeriods;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer's entitlement to a feature: {@code boolean} (access, on or off), {@code static} (access with a JSON
 * configuration) or {@code metered} (usage against grants, per usage period). Entitlements are immutable, as in
 * OpenMeter: they are only ended (deleted, or overridden by a new one) and, when metered, reset.
 *
 * @param meterSlug the feature's meter, which measures a metered entitlement's usage; null for a feature without one
 * @param usagePeriod ISO 8601; required for metered, informational for the others; null when absent
 * @param subscriptionId the subscription that made it from its plan, or null for one made by hand
 * @param activeTo when a subscription's phase ends it or an override replaced it; null while open-ended
 * @param resets the manual resets, oldest first
 * @param thresholds the quota notification levels of the plan template it was made from; empty if made by hand
 */
public record Entitlement(String id, String namespace, String customerId, String featureId, String featureKey,
        String meterSlug, Map<String, String> meterGroupByFilters, String type, Map<String, String> metadata,
        Map<String, Object> annotations, String config, String usagePeriod, Instant usagePeriodAnchor,
        Instant measureUsageFrom, boolean isSoftLimit, boolean preserveOverageAtReset, BigDecimal issueAfterReset,
        Integer issueAfterResetPriority, String subscriptionId, Instant activeFrom, Instant activeTo,
        Instant deletedAt, Instant createdAt, Instant updatedAt, List<UsagePeriods.ManualReset> resets,
        List<Threshold> thresholds) {

    /** A plan template's notification level: {@code PERCENT} of the allowance or a {@code NUMBER} of units. */
    public record Threshold(String type, BigDecimal value) {
    }

    public static final String METERED = "metered";
    public static final String STATIC = "static";
    public static final String BOOLEAN = "boolean";

    public boolean metered() {
        return METERED.equals(type);
    }

    /** When it stops being in force: the earlier of its end and its deletion; null while neither is set. */
    public Instant endsAt() {
        if (activeTo == null) {
            return deletedAt;
        }
        return deletedAt == null || activeTo.isBefore(deletedAt) ? activeTo : deletedAt;
    }

    /** In force from {@code activeFrom} (inclusive) to {@link #endsAt()} (exclusive). */
    public boolean activeAt(Instant at) {
        Instant end = endsAt();
        return !at.isBefore(activeFrom) && (end == null || at.isBefore(end));
    }

    /** The usage periods of a metered entitlement; null for the others. */
    public UsagePeriods usagePeriods() {
        if (!metered()) {
            return null;
        }
        return new UsagePeriods(measureUsageFrom, RecurringInterval.period(usagePeriod), usagePeriodAnchor,
                preserveOverageAtReset, resets);
    }
}
