package dev.tollgate.entitlements.domain;

import dev.tollgate.shared.time.IsoPeriod;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A usage period's or a grant recurrence's interval as OpenMeter takes it: {@code DAY}, {@code WEEK}, {@code MONTH} or
 * {@code YEAR} in any case, or an ISO 8601 duration. It is kept as the ISO text and shown both ways.
 */
public final class RecurringInterval {

    private static final Map<String, String> NAMED = Map.of("DAY", "P1D", "WEEK", "P1W", "MONTH", "P1M", "YEAR",
            "P1Y");

    private RecurringInterval() {
    }

    /** The ISO 8601 form of a named or ISO interval; empty when it is neither. */
    public static Optional<String> iso(String interval) {
        if (interval == null) {
            return Optional.empty();
        }
        String named = NAMED.get(interval.toUpperCase(Locale.ROOT));
        if (named != null) {
            return Optional.of(named);
        }
        return IsoPeriod.parse(interval).filter(p -> !p.isZero()).map(p -> interval);
    }

    /** OpenMeter's {@code interval} field: the name when the ISO text is one of the named intervals. */
    public static String display(String iso) {
        return NAMED.entrySet().stream().filter(e -> e.getValue().equals(iso)).map(Map.Entry::getKey).findFirst()
                .orElse(iso);
    }

    public static IsoPeriod period(String iso) {
        return IsoPeriod.parse(iso).orElseThrow(() -> new IllegalArgumentException("not an ISO 8601 period: " + iso));
    }
}
