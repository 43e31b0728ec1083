package dev.tollgate.notifications.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signing secrets in the Standard Webhooks format: {@code whsec_} followed by the standard base64 of the raw key. The
 * receiver's libraries (svix, standardwebhooks) take this string as it is, so we hand it out in exactly this form.
 */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";

    /** The spec allows 24 to 64 bytes; we generate 32, as long as an HMAC-SHA256 output: more adds no strength. */
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;
    static final int GENERATED_KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    /** A new random secret, {@code whsec_} + base64 of 32 bytes from a {@link SecureRandom}. */
    public static String generate() {
        byte[] key = new byte[GENERATED_KEY_BYTES];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Whether the string is {@code whsec_} followed by standard base64 of 24 to 64 bytes. */
    public static boolean isValid(String secret) {
        return decode(secret) != null;
    }

    /**
     * The raw key bytes of a valid secret.
     *
     * @throws IllegalArgumentException when the secret is not valid; the message never repeats the secret
     */
    public static byte[] key(String secret) {
        byte[] key = decode(secret);
        if (key == null) {
            throw new IllegalArgumentException("not a valid webhook secret (" + PREFIX + " followed by base64 of "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes)");
        }
        return key;
    }

    /** The key bytes, or null when the secret is not valid. */
    private static byte[] decode(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return null;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
    }
}
