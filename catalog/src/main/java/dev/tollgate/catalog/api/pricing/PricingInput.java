package dev.tollgate.catalog.api.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line to price within a billing period. With progressive billing a period is invoiced in several lines: each
 * names the usage already billed earlier in the period ({@code periodUsageBefore}), its own {@code usage}, and whether
 * it is the period's first line (which takes in-advance fees) and last line (which takes in-arrears fees, volume tiers
 * and the minimum commitment). A period billed at once is one line that is both first and last.
 *
 * <p>{@code proration}, a fraction in [0, 1], scales flat fees when a subscription change or cancellation cuts the
 * period short; usage needs none, since a shorter period simply has less of it.
 */
public record PricingInput(BigDecimal periodUsageBefore, BigDecimal usage, boolean firstInPeriod,
        boolean lastInPeriod, BigDecimal proration) {

    public PricingInput {
        Objects.requireNonNull(periodUsageBefore, "periodUsageBefore");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(proration, "proration");
        if (periodUsageBefore.signum() < 0) {
            throw new IllegalArgumentException("periodUsageBefore must not be negative, but is " + periodUsageBefore);
        }
        if (usage.signum() < 0) {
            throw new IllegalArgumentException("usage must not be negative, but is " + usage);
        }
        if (firstInPeriod && periodUsageBefore.signum() != 0) {
            throw new IllegalArgumentException(
                    "the first line of a period has no usage billed before it, but periodUsageBefore is "
                            + periodUsageBefore);
        }
        if (proration.signum() < 0 || proration.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("proration must be between 0 and 1, but is " + proration);
        }
    }

    /** The whole period's usage priced in one line, unprorated. */
    public static PricingInput wholePeriod(BigDecimal usage) {
        return new PricingInput(BigDecimal.ZERO, usage, true, true, BigDecimal.ONE);
    }

    /** One of several lines of a progressively billed period, unprorated. */
    public static PricingInput progressive(BigDecimal periodUsageBefore, BigDecimal usage, boolean firstInPeriod,
            boolean lastInPeriod) {
        return new PricingInput(periodUsageBefore, usage, firstInPeriod, lastInPeriod, BigDecimal.ONE);
    }

    public PricingInput withProration(BigDecimal proration) {
        return new PricingInput(periodUsageBefore, usage, firstInPeriod, lastInPeriod, proration);
    }

    /** The period's usage up to the end of this line. */
    public BigDecimal periodUsageAfter() {
        return periodUsageBefore.add(usage);
    }
}
