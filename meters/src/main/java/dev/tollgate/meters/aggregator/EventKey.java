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

    public static EventKey of(String namespace, String source, String id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(namespace.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            ByteBuffer digest = ByteBuffer.wrap(sha.digest(id.getBytes(StandardCharsets.UTF_8)));
            return new EventKey(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
