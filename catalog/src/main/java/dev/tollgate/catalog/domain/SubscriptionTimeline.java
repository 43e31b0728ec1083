package dev.tollgate.catalog.domain;

import dev.tollgate.shared.time.IsoPeriod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a subscription's phases run and how its billing periods fall. Pure calendar arithmetic in UTC.
 *
 * <p>Billing periods are anchored: period k starts at {@code anchor + k × cadence}, always counted from the anchor and
 * never from the previous period, so an anchor on the 31st gives Jan 31, Feb 28, Mar 31, Apr 30 without drifting.
 * A period is cut where the subscription starts or ends and where a phase begins; a cut period carries the share of
 * the full period it covers, by which flat fees are prorated.
 */
public final class SubscriptionTimeline {

    /** Proration shares are exact to 34 significant digits; money is rounded once, later, by the pricing engine. */
    private static final MathContext SHARE = MathContext.DECIMAL128;

    private SubscriptionTimeline() {
    }

    /** One phase of the plan: how long it lasts, or null for the last phase, which runs until the end. */
    public record PhaseSpec(String key, String name, IsoPeriod duration) {
    }

    public record PhaseTiming(String key, String name, Instant activeFrom, Instant activeTo) {
    }

    /**
     * A stretch of one billing period within one phase. {@code share} is (to − from) / (fullTo − fullFrom): 1 for a
     * whole period.
     */
    public record BillingPeriod(String phaseKey, Instant from, Instant to, Instant fullFrom, Instant fullTo,
            BigDecimal share) {

        public boolean whole() {
            return share.compareTo(BigDecimal.ONE) == 0;
        }
    }

    /** The phases in order; a phase that would start after the subscription ends is left out. */
    public static List<PhaseTiming> phases(Instant activeFrom, Instant activeTo, List<PhaseSpec> phases) {
        List<PhaseTiming> timings = new ArrayList<>();
        Instant start = activeFrom;
        for (int i = 0; i < phases.size(); i++) {
            if (activeTo != null && !start.isBefore(activeTo)) {
                break;
            }
            PhaseSpec phase = phases.get(i);
            boolean last = i == phases.size() - 1 || phase.duration() == null;
            Instant end = last ? activeTo : earlier(phase.duration().plus(start, 1), activeTo);
            timings.add(new PhaseTiming(phase.key(), phase.name(), start, end));
            if (last) {
                break;
            }
            start = end;
        }
        return timings;
    }

    /**
     * The billing periods from the subscription's start until {@code until} (exclusive) or its end, whichever comes
     * first.
     */
    public static List<BillingPeriod> periods(Instant activeFrom, Instant activeTo, Instant anchor, IsoPeriod cadence,
            List<PhaseSpec> phases, Instant until) {
        if (cadence.isZero()) {
            throw new IllegalArgumentException("a billing cadence must not be zero");
        }
        Instant end = earlier(activeTo, until);
        if (end == null) {
            throw new IllegalArgumentException("an open-ended subscription's periods need an 'until'");
        }
        List<BillingPeriod> periods = new ArrayList<>();
        for (PhaseTiming phase : phases(activeFrom, activeTo, phases)) {
            Instant phaseEnd = earlier(phase.activeTo(), end);
            for (Instant from = phase.activeFrom(); from.isBefore(phaseEnd); ) {
                Bounds full = periodAround(anchor, cadence, from);
                Instant to = earlier(full.to(), phaseEnd);
                periods.add(new BillingPeriod(phase.key(), from, to, full.from(), full.to(),
                        share(from, to, full.from(), full.to())));
                from = to;
            }
        }
        return periods;
    }

    /** A billing period, [from, to). */
    public record Bounds(Instant from, Instant to) {
    }

    /** The whole billing period that contains {@code at}. */
    public static Bounds periodAround(Instant anchor, IsoPeriod cadence, Instant at) {
        long k = periodIndex(anchor, cadence, at);
        return new Bounds(periodStart(anchor, cadence, k), periodStart(anchor, cadence, k + 1));
    }

    static Instant periodStart(Instant anchor, IsoPeriod cadence, long k) {
        return cadence.plus(anchor, k);
    }

    static long periodIndex(Instant anchor, IsoPeriod cadence, Instant at) {
        return cadence.index(anchor, at);
    }

    private static BigDecimal share(Instant from, Instant to, Instant fullFrom, Instant fullTo) {
        long part = Duration.between(from, to).toNanos();
        long whole = Duration.between(fullFrom, fullTo).toNanos();
        return part == whole ? BigDecimal.ONE : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), SHARE);
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
