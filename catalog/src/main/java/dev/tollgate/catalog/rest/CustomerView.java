package dev.tollgate.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.catalog.domain.Customer;
import dev.tollgate.catalog.domain.CustomerAddress;
import dev.tollgate.catalog.domain.CustomerDraft;
import java.time.Instant;
import java.util.Map;

/**
 * A customer in OpenMeter's v1 JSON shape, with two Tollgate additions: {@code parentCustomerId} and
 * {@code external.stripeCustomerId} (as OpenMeter's first customer API had it).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CustomerView(String id, String key, String name, String description, Map<String, String> metadata,
        String primaryEmail, String currency, CustomerAddress billingAddress,
        @JsonInclude(JsonInclude.Include.ALWAYS) CustomerDraft.UsageAttribution usageAttribution,
        String parentCustomerId, CustomerDraft.External external, Instant createdAt, Instant updatedAt,
        Instant deletedAt) {

    static CustomerView of(Customer c) {
        return new CustomerView(c.id(), c.key(), c.name(), c.description(), c.metadata(), c.primaryEmail(),
                c.currency(), c.billingAddress(), new CustomerDraft.UsageAttribution(c.subjectKeys()),
                c.parentCustomerId(),
                c.stripeCustomerId() == null ? null : new CustomerDraft.External(c.stripeCustomerId()),
                c.createdAt(), c.updatedAt(), c.deletedAt());
    }
}
