package dev.tollgate.invoicing.stripe;

import java.time.Instant;
import java.util.Map;

/** An installed Stripe app, as the API shows it: never its key, only the key's masked form. */
public record StripeApp(String id, String namespace, String name, String description, Map<String, String> metadata,
        String status, String stripeAccountId, boolean livemode, String maskedApiKey, boolean webhookRegistered,
        Instant createdAt, Instant updatedAt, Instant deletedAt) {
}
