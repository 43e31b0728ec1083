package dev.tollgate.catalog.domain;

import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.time.Rfc3339;
import java.time.Instant;
import java.util.Optional;

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
        Optional<Instant> instant = Rfc3339.parse(value);
        if (instant.isPresent()) {
            return new At(instant.get());
        }
        throw ApiException.invalid(field, "invalid", "must be 'immediate', 'next_billing_cycle' or an RFC 3339"
                + " date-time, not '" + value + "'");
    }
}
