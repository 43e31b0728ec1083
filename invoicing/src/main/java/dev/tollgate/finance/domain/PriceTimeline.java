package dev.tollgate.finance.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The prices of one provider, model and currency laid out in time. A price applies from its effectiveFrom until its
 * own effectiveTo or the next price's effectiveFrom, whichever comes first: a new price takes over from its date
 * and leaves every earlier instant priced as it was.
 */
public final class PriceTimeline {

    private final List<LlmPrice> prices;

    private PriceTimeline(Collection<LlmPrice> prices) {
        this.prices = prices.stream().sorted(Comparator.comparing(LlmPrice::effectiveFrom)).toList();
    }

    public static PriceTimeline of(Collection<LlmPrice> oneSeries) {
        return new PriceTimeline(oneSeries);
    }

    /** A timeline per provider, model and currency. */
    public static Map<LlmPrice.Series, PriceTimeline> bySeries(Collection<LlmPrice> prices) {
        Map<LlmPrice.Series, List<LlmPrice>> grouped = new HashMap<>();
        prices.forEach(p -> grouped.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p));
        Map<LlmPrice.Series, PriceTimeline> timelines = new HashMap<>();
        grouped.forEach((series, list) -> timelines.put(series, new PriceTimeline(list)));
        return timelines;
    }

    /** When the price stops applying; null while nothing ends it. */
    public Instant endOf(LlmPrice price) {
        int index = indexOf(price);
        Instant end = price.effectiveTo();
        if (index >= 0 && index + 1 < prices.size()) {
            Instant next = prices.get(index + 1).effectiveFrom();
            end = end == null || next.isBefore(end) ? next : end;
        }
        return end;
    }

    /** The price that applies at the instant, if any. */
    public Optional<LlmPrice> at(Instant instant) {
        LlmPrice candidate = null;
        for (LlmPrice p : prices) {
            if (p.effectiveFrom().isAfter(instant)) {
                break;
            }
            candidate = p;
        }
        if (candidate == null) {
            return Optional.empty();
        }
        Instant end = endOf(candidate);
        return end == null || instant.isBefore(end) ? Optional.of(candidate) : Optional.empty();
    }

    /** The instants strictly inside [from, to) at which the applying price changes (or starts or stops). */
    public TreeSet<Instant> changesWithin(Instant from, Instant to) {
        TreeSet<Instant> changes = new TreeSet<>();
        for (LlmPrice p : prices) {
            addInside(changes, p.effectiveFrom(), from, to);
            Instant end = endOf(p);
            if (end != null) {
                addInside(changes, end, from, to);
            }
        }
        return changes;
    }

    private static void addInside(TreeSet<Instant> changes, Instant instant, Instant from, Instant to) {
        if (instant.isAfter(from) && instant.isBefore(to)) {
            changes.add(instant);
        }
    }

    /**
     * Why a new price over [from, to) cannot join this timeline at {@code now}, or empty when it can. It must not
     * start where another starts, must not overlap another's explicit range nor hold another inside its own, and must
     * not take over any instant already past at which another price applied: history is never rewritten (a past gap,
     * where usage had no price, may be filled).
     *
     * @param to null when open-ended
     */
    public Optional<String> conflict(Instant from, Instant to, Instant now) {
        // An open-ended price ends where the next one starts, so it overlaps nothing after it.
        Instant end = to;
        if (end == null) {
            end = prices.stream().map(LlmPrice::effectiveFrom).filter(start -> start.isAfter(from)).findFirst()
                    .orElse(null);
        }
        for (LlmPrice p : prices) {
            if (p.effectiveFrom().equals(from)) {
                return Optional.of("price " + p.id() + " already takes effect at " + from);
            }
            if (p.effectiveTo() != null && overlaps(p.effectiveFrom(), p.effectiveTo(), from, end)) {
                return Optional.of("overlaps price " + p.id() + ", effective from " + p.effectiveFrom() + " to "
                        + p.effectiveTo());
            }
            if (to != null && p.effectiveFrom().isAfter(from) && p.effectiveFrom().isBefore(to)) {
                return Optional.of("overlaps price " + p.id() + ", effective from " + p.effectiveFrom()
                        + ": end this price before it or leave effective_to out");
            }
        }
        if (from.isBefore(now)) {
            Optional<LlmPrice> applied = at(from);
            if (applied.isPresent()) {
                return Optional.of("would rewrite history: price " + applied.get().id() + " applied at " + from
                        + ", which is past; a new price may take effect from now on");
            }
        }
        return Optional.empty();
    }

    private static boolean overlaps(Instant aFrom, Instant aTo, Instant bFrom, Instant bTo) {
        return aFrom.isBefore(bTo == null ? Instant.MAX : bTo) && bFrom.isBefore(aTo);
    }

    private int indexOf(LlmPrice price) {
        for (int i = 0; i < prices.size(); i++) {
            if (prices.get(i).id().equals(price.id())) {
                return i;
            }
        }
        return -1;
    }
}
