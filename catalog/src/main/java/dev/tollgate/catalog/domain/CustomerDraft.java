package dev.tollgate.catalog.domain;

import java.util.List;
import java.util.Map;

/**
 * A customer as a client sent it, before validation: every field may be missing or malformed.
 *
 * @param parentCustomerId the parent's id or key, as sent
 */
public record CustomerDraft(String key, String name, String description, String primaryEmail, String currency,
        CustomerAddress billingAddress, UsageAttribution usageAttribution, String parentCustomerId,
        External external, Map<String, String> metadata) {

    /** OpenMeter's {@code CustomerUsageAttribution}: the subjects billed as this customer. */
    public record UsageAttribution(List<String> subjectKeys) {
    }

    /** Ids of the customer in outside systems; today only the payment provider's. */
    public record External(String stripeCustomerId) {
    }
}
