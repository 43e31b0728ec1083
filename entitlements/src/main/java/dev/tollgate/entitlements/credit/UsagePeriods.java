package dev.tollgate.entitlements.credit;

import dev.tollgate.shared.time.IsoPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * A metered entitlement's usage periods: from {@code measureUsageFrom}, periods of {@code interval} counted from the
 * anchor; each manual reset starts a period at its own time and, unless it retains the anchor, counts later periods
 * from itself. Resets at period boundaries are computed here, never stored or run by a scheduler.
 *
 * @param manualResets in any order
 */
public record UsagePeriods(Instant measureUsageFrom, IsoPeriod interval, Instant anchor,
        boolean preserveOverageAtReset, List<ManualReset> manualResets) {

    /** A reset someone asked for. Its overage rule is stored with it, so that replaying history never changes it. */
    public record ManualReset(Instant at, boolean retainAnchor, boolean preserveOverage) {
    }

    /** A usage period, [from, to). */
    public record Period(Instant from, Instant to) {
    }

    /** The stretch from one manual reset (or the start) to the next, with the anchor its periods count from. */
    private record Stretch(Instant from, Instant to, Instant anchor) {
    }

    public UsagePeriods {
        manualResets = manualResets.stream().sorted(Comparator.comparing(ManualReset::at)).toList();
    }

    /** The period that holds the instant; before measurement starts, the first period. */
    public Period periodAt(Instant at) {
        Instant when = at.isBefore(measureUsageFrom) ? measureUsageFrom : at;
        Stretch stretch = stretchAt(when);
        long k = interval.index(stretch.anchor(), when);
        Instant from = latest(interval.plus(stretch.anchor(), k), stretch.from());
        Instant to = interval.plus(stretch.anchor(), k + 1);
        return new Period(from, stretch.to() != null && stretch.to().isBefore(to) ? stretch.to() : to);
    }

    /** Every reset in (from, to]: period boundaries with the entitlement's overage rule, and the manual resets. */
    public List<CreditReset> resetsBetween(Instant from, Instant to) {
        TreeMap<Instant, CreditReset> resets = new TreeMap<>();
        for (Stretch stretch : stretches()) {
            Instant last = stretch.to() == null || to.isBefore(stretch.to()) ? to : stretch.to();
            Instant first = latest(from, stretch.from());
            for (long k = interval.index(stretch.anchor(), first) + 1; ; k++) {
                Instant boundary = interval.plus(stretch.anchor(), k);
                if (boundary.isAfter(last) || boundary.equals(stretch.to())) {
                    break;
                }
                resets.put(boundary, new CreditReset(boundary, preserveOverageAtReset));
            }
        }
        for (ManualReset reset : manualResets) {
            if (reset.at().isAfter(from) && !reset.at().isAfter(to)) {
                resets.put(reset.at(), new CreditReset(reset.at(), reset.preserveOverage()));
            }
        }
        return List.copyOf(resets.values());
    }

    /** OpenMeter's {@code lastReset}: the latest manual reset, or the start of measurement when there is none. */
    public Instant lastManualReset() {
        return manualResets.isEmpty() ? measureUsageFrom : manualResets.get(manualResets.size() - 1).at();
    }

    private Stretch stretchAt(Instant at) {
        Stretch found = null;
        for (Stretch stretch : stretches()) {
            if (!stretch.from().isAfter(at)) {
                found = stretch;
            }
        }
        return found;
    }

    private List<Stretch> stretches() {
        List<Stretch> stretches = new ArrayList<>();
        Instant from = measureUsageFrom;
        Instant currentAnchor = anchor;
        for (ManualReset reset : manualResets) {
            stretches.add(new Stretch(from, reset.at(), currentAnchor));
            from = reset.at();
            currentAnchor = reset.retainAnchor() ? currentAnchor : reset.at();
        }
        stretches.add(new Stretch(from, null, currentAnchor));
        return stretches;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
