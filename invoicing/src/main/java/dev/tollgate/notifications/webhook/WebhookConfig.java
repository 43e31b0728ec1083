package dev.tollgate.notifications.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How Tollgate delivers outbound notification webhooks. */
@ConfigMapping(prefix = "tollgate.notifications.webhook")
public interface WebhookConfig {

    /**
     * Whether webhooks may target loopback, private, link-local and other internal addresses. Off by default so a
     * tenant cannot make Tollgate reach into its own network (SSRF); turn it on for local development and tests only.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** How long to wait for the TCP (and TLS) connection to a webhook target. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long one delivery attempt may take in all, from sending the request to the end of reading the answer. */
    @WithDefault("15s")
    Duration requestTimeout();

    /** How much of a target's answer is read and kept (for the delivery log); the rest is discarded unread. */
    @WithDefault("16384")
    int maxResponseBytes();

    /**
     * The delay before each attempt of a message, the first usually zero; its size is the number of attempts. The
     * default follows Svix's schedule and spans about 27.5 hours. Each delay gets ±20 % random jitter.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retryDelays();

    /** The {@code User-Agent} sent with every webhook, so receivers can recognise and allow-list Tollgate. */
    @WithDefault("Tollgate-Webhooks/1.0")
    String userAgent();
}
