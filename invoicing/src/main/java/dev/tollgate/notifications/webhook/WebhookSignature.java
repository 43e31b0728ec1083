package dev.tollgate.notifications.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook message after the Standard Webhooks spec: HMAC-SHA256 under the secret's key over
 * {@code <msg id>.<timestamp in seconds>.<body>}, sent as {@code v1,<base64>} in {@value #SIGNATURE_HEADER}. The id
 * and timestamp are signed too, so a receiver can reject replays and stale messages.
 */
public final class WebhookSignature {

    /** The message id, the same on every attempt of one message so the receiver can deduplicate. */
    public static final String ID_HEADER = "webhook-id";
    /** When this attempt was signed, in Unix seconds. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** {@code v1,<base64 signature>}; the spec allows several space-separated ones during a secret rotation. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private static final String VERSION = "v1,";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The {@value #SIGNATURE_HEADER} value, {@code v1,<base64 HMAC-SHA256 over "msgId.timestamp.body">}. */
    public static String sign(String secret, String msgId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(WebhookSecrets.key(secret), ALGORITHM));
            // The raw body bytes, not a re-encoded string: the receiver signs exactly the bytes it received.
            mac.update((msgId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return VERSION + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a webhook", e);
        }
    }
}
