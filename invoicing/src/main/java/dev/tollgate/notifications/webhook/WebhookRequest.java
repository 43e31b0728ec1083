package dev.tollgate.notifications.webhook;

import java.util.Map;

/**
 * One signed webhook attempt, ready to send.
 *
 * @param url the target URL, checked again right before sending
 * @param customHeaders the channel's own headers; reserved ones ({@link WebhookClient#isReservedHeader}) are skipped
 * @param msgId the {@code webhook-id}, the same on every attempt of one message
 * @param timestampSeconds the {@code webhook-timestamp}, when this attempt was signed
 * @param signature the {@code webhook-signature}, from {@link WebhookSignature#sign}
 * @param body the JSON body, exactly the bytes that were signed
 */
public record WebhookRequest(String url, Map<String, String> customHeaders, String msgId, long timestampSeconds,
        String signature, byte[] body) {

    public WebhookRequest {
        customHeaders = customHeaders == null ? Map.of() : Map.copyOf(customHeaders);
        body = body.clone();
    }

    /** A request signed with the secret over this id, timestamp and body. */
    public static WebhookRequest signed(String url, Map<String, String> customHeaders, String secret, String msgId,
            long timestampSeconds, byte[] body) {
        return new WebhookRequest(url, customHeaders, msgId, timestampSeconds,
                WebhookSignature.sign(secret, msgId, timestampSeconds, body), body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Leaves out header values and the body, which may hold credentials or customer data. */
    @Override
    public String toString() {
        return "WebhookRequest[msgId=" + msgId + ", timestamp=" + timestampSeconds + ", headers="
                + customHeaders.keySet() + ", bodyBytes=" + body.length + "]";
    }
}
