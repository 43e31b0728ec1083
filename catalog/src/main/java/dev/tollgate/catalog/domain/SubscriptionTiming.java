package dev.tollgate.catalog.domain;

import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.time.Rfc3339;
import java.time.Instant;

/**
 * When a change takes effect, as OpenMeter's {@code SubscriptionTiming}: {@code immediate}, {@code next_billing_cycle}
 * or an RFC 3339 date-time.
 */
public sealed interface SubscriptionTiming {

    String IMMEDIATE = "immediate";
    String NEXT_BILLING_CYCLE = "next_billing_cycle";

    record Immediate() implements SubscriptionTiming {
    }

    record NextBillingCycle() implements SubscriptionTiming {
    }

    record At(Instant instant) implements SubscriptionTiming {
    }

    /** The earliest time a subscription may be placed at: before it, billing periods mean nothing. */
    Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest: far enough for any contract, near enough that a timeline of weekly periods stays small. */
    Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** An RFC 3339 date-time a subscription can be placed at, or a 400 naming the field. */
    static Instant instant(String field, String value) {
        Instant instant = Rfc3339.parse(value).orElseThrow(() -> ApiException.invalid(field, "invalid",
                "must be an RFC 3339 date-time, not '" + value + "'"));
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw ApiException.invalid(field, "range", "must be from " + EARLIEST + " to before " + LATEST);
        }
        return instant;
    }

    /** The timing a client sent, or {@code fallback} when it sent none; anything else is a 400 naming the field. */
    static SubscriptionTiming parse(String field, String value, SubscriptionTiming fallback) {
        if (value == null) {
            return fallback;
        }
        if (IMMEDIATE.equals(value)) {
            return new Immediate();
        }
        if (NEXT_BILLING_CYCLE.equals(value)) {
            return new NextBillingCycle();
        }
        if (Rfc3339.parse(value).isEmpty()) {
            throw ApiException.invalid(field, "invalid", "must be 'immediate', 'next_billing_cycle' or an RFC 3339"
                    + " date-time, not '" + value + "'");
        }
        return new At(instant(field, value));
    }
}
