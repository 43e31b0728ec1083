package dev.tollgate.notifications.webhook;

import java.time.Duration;

/**
 * The outcome of one delivery attempt.
 *
 * @param delivered whether the target answered 2xx; anything else (a 3xx too) is a failed attempt
 * @param status the HTTP status, or null when no answer came back
 * @param responseSnippet the start of the answer's body (up to the configured limit), or null without an answer
 * @param error why no answer came back (refused target, timeout, closed connection...), or null when one did
 * @param took how long the attempt took, including the target check
 */
public record WebhookResult(boolean delivered, Integer status, String responseSnippet, String error, Duration took) {

    static WebhookResult answered(int status, String responseSnippet, Duration took) {
        return new WebhookResult(status >= 200 && status < 300, status, responseSnippet, null, took);
    }

    static WebhookResult failed(String error, Duration took) {
        return new WebhookResult(false, null, null, error, took);
    }
}
