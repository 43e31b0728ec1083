package dev.tollgate.app.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Stripe's idempotency keys. A key belongs to one account; its first request's method, path and parameters are its
 * fingerprint. While that request runs, another with the same key gets 409; once it has run, the same request gets
 * the saved answer replayed and a different one gets 400 idempotency_error. Only requests that started executing
 * save a result — a request refused before that (bad parameters, a fault injected in front of Stripe) leaves the key
 * free. Keys are forgotten 24 hours after their first use.
 */
final class IdempotencyStore {

    static final Duration RETENTION = Duration.ofHours(24);

    record Fingerprint(String method, String path, Map<String, Object> params) {
    }

    /** A saved answer. */
    record Saved(int status, String body, String requestId) {
    }

    private static final class Entry {
        final Fingerprint fingerprint;
        final Instant firstUsed;
        Saved saved;

        Entry(Fingerprint fingerprint, Instant firstUsed) {
            this.fingerprint = fingerprint;
            this.firstUsed = firstUsed;
        }
    }

    /** What to do with a request that carries a key. */
    sealed interface Decision permits Execute, Replay {
    }

    record Execute() implements Decision {
    }

    record Replay(Saved saved) implements Decision {
    }

    private final Map<String, Entry> entries = new HashMap<>();

    synchronized Decision begin(String accountId, String key, Fingerprint fingerprint, Instant now) {
        String scoped = accountId + "\u0000" + key;
        Entry entry = entries.get(scoped);
        if (entry != null && entry.saved != null && !now.isBefore(entry.firstUsed.plus(RETENTION))) {
            entries.remove(scoped);
            entry = null;
        }
        if (entry == null) {
            entries.put(scoped, new Entry(fingerprint, now));
            return new Execute();
        }
        if (entry.saved == null) {
            throw new StripeApiError(409, "idempotency_error", "There is currently another in-progress request using "
                    + "this Idempotent Key (that probably means you submitted twice, and the other request is still "
                    + "going through): " + key + ". Please try again later.", null, null, null);
        }
        if (!entry.fingerprint.equals(fingerprint)) {
            throw new StripeApiError(400, "idempotency_error", "Keys for idempotent requests can only be used with "
                    + "the same parameters they were first used with. Try using a key other than '" + key + "' if you "
                    + "meant to execute a different request.", null, null, null);
        }
        return new Replay(entry.saved);
    }

    /** The request ran: its answer is what the key replays from now on. */
    synchronized void save(String accountId, String key, Saved saved) {
        Entry entry = entries.get(accountId + "\u0000" + key);
        if (entry != null) {
            entry.saved = saved;
        }
    }

    /** The request was refused before it ran: the key is free again. */
    synchronized void release(String accountId, String key) {
        Entry entry = entries.get(accountId + "\u0000" + key);
        if (entry != null && entry.saved == null) {
            entries.remove(accountId + "\u0000" + key);
        }
    }
}
