package dev.tollgate.invoicing.stripe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How Tollgate talks to Stripe (docs/stripe.md, docs/configuration.md). */
@ConfigMapping(prefix = "tollgate.stripe")
public interface StripeConfig {

    /** Stripe's API base URL; a test or a proxy points it elsewhere. Used for apps installed from now on. */
    @WithDefault("https://api.stripe.com")
    String apiBase();

    /**
     * The URL at which Stripe reaches this Tollgate, such as {@code https://billing.example.com}: installing a Stripe
     * app registers {@code <this>/api/v1/apps/<id>/stripe/webhook} with Stripe. Without it no webhook endpoint is
     * registered and payment outcomes do not come back by themselves.
     */
    Optional<String> webhookBaseUrl();

    @WithDefault("10s")
    Duration connectTimeout();

    @WithDefault("30s")
    Duration readTimeout();

    /**
     * Retries stripe-java makes itself on a network error, a 409, 429 or 5xx, honouring {@code Stripe-Should-Retry},
     * with the same idempotency key; the sync's own retries with backoff come after these.
     */
    @WithDefault("2")
    int maxNetworkRetries();

    /** How often each process looks for invoices to sync to Stripe ({@code off} to never). */
    @WithDefault("5s")
    String syncEvery();

    /** The sync's backoff after a retryable failure: doubled per attempt from this, up to {@link #maxBackoff()}. */
    @WithDefault("10s")
    Duration firstBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** Tolerance for a webhook's signature timestamp, as Stripe's libraries default to. */
    @WithDefault("5m")
    Duration webhookTolerance();
}
