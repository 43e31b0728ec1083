package dev.tollgate.shared.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes key secrets. Keys carry 256 random bits, so a single unsalted SHA-256 is as strong as a slow
 * password hash here and cheap enough to check on every ingest request.
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "tg_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    /**
     * One digest per thread: getInstance searches the security providers on every call, and every ingest request
     * hashes its key (digest() resets it for the next use).
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ApiKeySecrets::sha256);

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return HexFormat.of().formatHex(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Enough of the key to tell keys apart in a listing, never enough to matter: at most a quarter of it. */
    public static String displayPrefix(String secret) {
        return secret.substring(0, Math.min(10, secret.length() / 4)) + "...";
    }
}
