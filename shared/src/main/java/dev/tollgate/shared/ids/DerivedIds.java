package dev.tollgate.shared.ids;

import com.github.f4b6a3.ulid.Ulid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * ULIDs derived from what they name instead of drawn at random: the same parts always give the same id. Things that
 * are computed, not stored (a subscription's phases and items, an invoice's lines), keep one id across reads, restarts
 * and instances, and a retried write of them finds its earlier self instead of adding a twin.
 */
public final class DerivedIds {

    private static final byte SEPARATOR = 0x1f;

    private DerivedIds() {
    }

    /**
     * A ULID whose time part is {@code time} (so ids sort by it, as random ULIDs do) and whose other 80 bits are the
     * start of the SHA-256 of the parts; parts are separated by a byte no text part holds, so ("ab", "c") and
     * ("a", "bc") differ.
     */
    public static String ulid(Instant time, String... parts) {
        MessageDigest sha256 = sha256();
        for (String part : parts) {
            sha256.update(part.getBytes(StandardCharsets.UTF_8));
            sha256.update(SEPARATOR);
        }
        return new Ulid(Math.max(0, time.toEpochMilli()), Arrays.copyOf(sha256.digest(), 10)).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
