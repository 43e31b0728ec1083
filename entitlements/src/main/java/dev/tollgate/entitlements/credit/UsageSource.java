package dev.tollgate.entitlements.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The usage the engine burns: the meter's aggregate over consecutive ranges, asked for all at once. */
@FunctionalInterface
public interface UsageSource {

    /**
     * The usage in each range {@code [boundaries[i], boundaries[i + 1])}, so one fewer value than boundaries.
     * Boundaries are whole minutes in ascending order.
     */
    List<BigDecimal> between(List<Instant> boundaries);
}
