package dev.tollgate.entitlements.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tollgate.entitlements.domain.Entitlement;
import dev.tollgate.entitlements.domain.RecurringInterval;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** OpenMeter's {@code EntitlementV2}: one shape for its three types, with the fields of the type that apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "id", "featureId", "featureKey", "customerId", "customerKey"})
public record EntitlementView(String type, String id, String featureId, String featureKey, String customerId,
        String customerKey, Map<String, String> metadata, Map<String, Object> annotations, Instant activeFrom,
        Instant activeTo, Instant createdAt, Instant updatedAt, Instant deletedAt, String config,
        @JsonProperty("isSoftLimit") Boolean isSoftLimit, Boolean preserveOverageAtReset,
        BigDecimal issueAfterReset, Integer issueAfterResetPriority, Issue issue, Instant measureUsageFrom,
        Instant lastReset, PeriodView currentUsagePeriod, RecurringPeriodView usagePeriod) {

    /** OpenMeter's {@code IssueAfterReset}. */
    public record Issue(BigDecimal amount, Integer priority) {
    }

    /** OpenMeter's {@code Period}. */
    public record PeriodView(Instant from, Instant to) {
    }

    /** OpenMeter's {@code RecurringPeriod}: the interval by name where it has one, and as ISO 8601. */
    public record RecurringPeriodView(String interval, @JsonProperty("intervalISO") String intervalIso,
            Instant anchor) {

        static RecurringPeriodView of(String iso, Instant anchor) {
            return iso == null ? null : new RecurringPeriodView(RecurringInterval.display(iso), iso, anchor);
        }
    }

    /** OpenMeter's {@code EntitlementV2PaginatedResponse}. */
    public record Page(long totalCount, int page, int pageSize, List<EntitlementView> items) {
    }

    static EntitlementView of(Entitlement e, String customerKey, Instant now) {
        boolean metered = e.metered();
        PeriodView current = null;
        if (metered) {
            var period = e.usagePeriods().periodAt(now);
            current = new PeriodView(period.from(), period.to());
        }
        Issue issue = e.issueAfterReset() == null ? null : new Issue(e.issueAfterReset(),
                e.issueAfterResetPriority());
        Map<String, Object> annotations = e.subscriptionId() == null ? e.annotations()
                : Map.of("subscription.id", e.subscriptionId());
        return new EntitlementView(e.type(), e.id(), e.featureId(), e.featureKey(), e.customerId(), customerKey,
                e.metadata(), annotations.isEmpty() ? null : annotations, e.activeFrom(), e.activeTo(),
                e.createdAt(), e.updatedAt(), e.deletedAt(), e.config(), metered ? e.isSoftLimit() : null,
                metered ? e.preserveOverageAtReset() : null, e.issueAfterReset(), e.issueAfterResetPriority(), issue,
                e.measureUsageFrom(), metered ? e.usagePeriods().lastManualReset() : null, current,
                RecurringPeriodView.of(e.usagePeriod(), e.usagePeriodAnchor()));
    }
}
