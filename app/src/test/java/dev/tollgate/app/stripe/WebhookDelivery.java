package dev.tollgate.app.stripe;

import java.time.Instant;

/**
 * One POST of an event to a webhook endpoint.
 *
 * @param status the receiver's HTTP status; 0 when it could not be reached (refused, timed out)
 * @param error why it could not be reached, else null
 */
public record WebhookDelivery(Instant at, String eventId, String type, String endpointId, String url,
        String signatureHeader, String payload, int status, String error) {
}
