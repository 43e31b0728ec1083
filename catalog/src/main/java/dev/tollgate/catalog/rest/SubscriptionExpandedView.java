package dev.tollgate.catalog.rest;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tollgate.catalog.domain.Plan;
import dev.tollgate.catalog.domain.RateCard;
import dev.tollgate.catalog.domain.Subscription;
import dev.tollgate.catalog.domain.SubscriptionIds;
import dev.tollgate.catalog.domain.SubscriptionSchedule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenMeter's {@code SubscriptionExpanded}: the subscription, its phases with their items (the plan version's rate
 * cards) and when they run, and the current billing period. {@code billingPeriods} is Tollgate's timeline of billing
 * periods from the start through the current one (or the end), each with the share of a full period it covers: the
 * factor flat fees are prorated by when the plan prorates, and what its flat fees come to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionExpandedView(@JsonUnwrapped SubscriptionView subscription, Alignment alignment,
        List<Phase> phases, List<Period> billingPeriods) {

    public record Alignment(boolean billablesMustAlign, Bounds currentAlignedBillingPeriod) {
    }

    public record Bounds(Instant from, Instant to) {
    }

    /**
     * A phase as it runs in this subscription. Phases and items are computed from the plan version, not stored, so
     * their ids are derived from the subscription and their keys ({@link SubscriptionIds}): the same on every read.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Phase(String id, String key, String name, String description, Instant createdAt, Instant updatedAt,
            Instant activeFrom, Instant activeTo, List<Item> items, Map<String, List<Item>> itemTimelines) {
    }

    /** A rate card of the phase as a subscription item: OpenMeter's {@code SubscriptionItem}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String id, Instant createdAt, Instant updatedAt, Instant activeFrom, Instant activeTo,
            @JsonUnwrapped RateCard rateCard) {
    }

    /** Decimals are strings, as OpenMeter writes amounts, so that no client reads them as floating point. */
    public record Period(String phaseKey, Instant from, Instant to, Instant fullFrom, Instant fullTo,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal prorationFactor, List<Fee> flatFees) {
    }

    public record Fee(String key, String name, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    static SubscriptionExpandedView of(Subscription subscription, Plan plan, Instant now) {
        SubscriptionSchedule schedule = SubscriptionSchedule.of(subscription, plan, now);
        List<Phase> phases = schedule.phases().stream().map(p -> phase(subscription, p)).toList();
        List<Period> periods = schedule.billingPeriods().stream().map(p -> new Period(p.phaseKey(), p.from(), p.to(),
                p.fullFrom(), p.fullTo(), p.prorationFactor(), p.flatFees().stream()
                        .map(fee -> new Fee(fee.key(), fee.name(), fee.amount())).toList())).toList();
        Bounds current = schedule.currentPeriod() == null ? null
                : new Bounds(schedule.currentPeriod().from(), schedule.currentPeriod().to());
        return new SubscriptionExpandedView(SubscriptionView.of(subscription, now), new Alignment(true, current),
                phases, periods);
    }

    private static Phase phase(Subscription subscription, SubscriptionSchedule.ScheduledPhase scheduled) {
        String key = scheduled.phase().key();
        List<Item> items = scheduled.phase().rateCards().stream().map(card -> new Item(
                SubscriptionIds.item(subscription, key, card.key()),
                subscription.createdAt(), subscription.updatedAt(), scheduled.activeFrom(), scheduled.activeTo(),
                card)).toList();
        // Items never change within a phase here (no edits yet), so each key's timeline is its one item.
        Map<String, List<Item>> timelines = new LinkedHashMap<>();
        items.forEach(item -> timelines.put(item.rateCard().key(), List.of(item)));
        return new Phase(SubscriptionIds.phase(subscription, key), key,
                scheduled.phase().name(), scheduled.phase().description(), subscription.createdAt(),
                subscription.updatedAt(), scheduled.activeFrom(), scheduled.activeTo(), items, timelines);
    }
}
