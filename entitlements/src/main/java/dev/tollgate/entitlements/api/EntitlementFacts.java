package dev.tollgate.entitlements.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What notifications ask of entitlements: exact figures, and the documents a webhook payload carries. */
public interface EntitlementFacts {

    /**
     * The entitlement's exact figures at {@code at} (the credit engine over ClickHouse), with its documents; empty when
     * it is not a metered entitlement in force then.
     */
    Optional<ExactBalance> exact(String namespace, String entitlementId, Instant at);

    /** The entitlement's documents for a reset's payload; empty when it no longer exists. */
    Optional<Documents> documents(String namespace, String entitlementId, Instant at);

    record ExactBalance(Instant periodFrom, Instant periodTo, BigDecimal usage, BigDecimal balance,
            BigDecimal totalAvailableGrantAmount, Documents documents) {
    }

    /**
     * @param data        {@code entitlement}, {@code feature}, {@code subject}, {@code customer} and {@code value}, in
     *                    OpenMeter's API shapes, ready to be written as JSON
     * @param annotations what events are found by: {@code event.feature.key}, {@code event.feature.id},
     *                    {@code event.subject.key}, {@code event.customer.id}, {@code event.customer.key}
     */
    record Documents(Map<String, Object> data, Map<String, String> annotations) {
    }
}
