package dev.tollgate.meters.aggregator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An event's identity for deduplication: 128 bits of SHA-256 over (namespace, source, id). At 128 bits a collision
 * between two different events is not a practical concern, even over billions of events.
 */
public record EventKey(long hi, long lo) {

    /** A digest per thread: looking one up for every event costs more than the hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    public static EventKey of(String namespace, String source, String id) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        sha.update(namespace.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(source.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        ByteBuffer digest = ByteBuffer.wrap(sha.digest(id.getBytes(StandardCharsets.UTF_8)));
        return new EventKey(digest.getLong(), digest.getLong());
    }
}
