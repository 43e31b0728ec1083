package dev.tollgate.entitlements.access;

import dev.tollgate.meters.api.MeterUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the access check answers from: every entitlement in force, worked out exactly at a checkpoint, and every
 * subject's usage since then as last polled. A check is a few hash look-ups; it never reads a database.
 *
 * <p>A hard limit can let through what is used between the last poll and the check: at most the usage of one poll
 * interval plus the aggregator's commit delay (docs/entitlements.md, "Freshness and overshoot").
 */
public final class AccessView {

    /** One built view; a rebuild makes a new one and swaps it in whole. */
    static final class State {

        final Instant checkpoint;
        /** {@code namespace \0 subject} to customer id. */
        final ConcurrentHashMap<String, String> customerBySubject = new ConcurrentHashMap<>();
        /** {@code namespace \0 customer id} and {@code namespace \0 customer key} to customer id. */
        final ConcurrentHashMap<String, String> customerByIdOrKey = new ConcurrentHashMap<>();
        /** {@code namespace \0 customer id} to the names that lead to it in the two maps above. */
        private final ConcurrentHashMap<String, Names> namesOf = new ConcurrentHashMap<>();
        /** {@code namespace \0 customer id \0 feature key} to its entry. */
        final ConcurrentHashMap<String, AccessEntry> entries = new ConcurrentHashMap<>();
        /** Entitlements that start after the checkpoint: key as above, to when. */
        final ConcurrentHashMap<String, Instant> upcoming = new ConcurrentHashMap<>();
        /** Per usage key, each subject's usage since the checkpoint, as last read. */
        final ConcurrentHashMap<AccessEntry.UsageKey, ConcurrentHashMap<String, BigDecimal>> usage =
                new ConcurrentHashMap<>();
        /** Per meter and subject ({@code namespace \0 slug \0 subject}), the last change of usage taken in. */
        final ConcurrentHashMap<String, MeterUsage.SubjectChange> takenIn = new ConcurrentHashMap<>();
        /** Per namespace, from when usage written has still to be looked at. */
        final ConcurrentHashMap<String, UsageWatermark> usageWatermarks = new ConcurrentHashMap<>();

        State(Instant checkpoint) {
            this.checkpoint = checkpoint;
        }

        /**
         * Makes the customer known by its id, key and subjects, and by nothing else it was known by; a deleted
         * customer is known by nothing. A name another customer has taken since stays theirs.
         */
        void putCustomer(String namespace, String customerId, String key, List<String> subjects, boolean live) {
            String self = subjectKey(namespace, customerId);
            Names old = namesOf.remove(self);
            if (old != null) {
                old.subjects.forEach(name -> customerBySubject.remove(name, customerId));
                old.idOrKeys.forEach(name -> customerByIdOrKey.remove(name, customerId));
            }
            if (!live) {
                return;
            }
            List<String> subjectNames = subjects.stream().map(subject -> subjectKey(namespace, subject)).toList();
            List<String> idOrKeys = key == null ? List.of(self) : List.of(self, subjectKey(namespace, key));
            subjectNames.forEach(name -> customerBySubject.put(name, customerId));
            idOrKeys.forEach(name -> customerByIdOrKey.put(name, customerId));
            namesOf.put(self, new Names(subjectNames, idOrKeys));
        }

        /** Whether the view knows the customer by its names (a rebuild reads only customers with entitlements). */
        boolean knows(String namespace, String customerId) {
            return namesOf.containsKey(subjectKey(namespace, customerId));
        }

        private record Names(List<String> subjects, List<String> idOrKeys) {
        }
    }

    /**
     * From when one namespace's usage writes are still to be looked at. Writes carry their writer's clock and become
     * visible when their insert completes, so the latest write seen is looked at again over an overlap, until it has
     * stood for that overlap in this process's time: then everything written up to it is in, and the next look starts
     * after it (a namespace no one writes to costs an empty query, not the same rows again).
     */
    static final class UsageWatermark {

        private Instant from;
        private Instant latest;
        private long latestSeenNanos;

        UsageWatermark(Instant from) {
            this.from = from;
        }

        synchronized Instant from() {
            return from;
        }

        /** Takes in the latest write a look found (null if none) and answers from when to look next. */
        synchronized Instant advance(Instant latestWrite, Instant now, long nowNanos, Duration overlap) {
            if (latestWrite != null && (latest == null || latestWrite.isAfter(latest))) {
                latest = latestWrite;
                latestSeenNanos = nowNanos;
            }
            if (latest != null) {
                // Never past our own clock's overlap: a writer whose clock runs ahead must not make others' skipped.
                Instant next = nowNanos - latestSeenNanos >= overlap.toNanos()
                        ? earlier(latest.plusSeconds(1), now.minus(overlap)) : earlier(latest, now).minus(overlap);
                if (next.isAfter(from)) {
                    from = next;
                }
            }
            return from;
        }

        private static Instant earlier(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }
    }

    static String key(String namespace, String customerId, String featureKey) {
        return namespace + '\0' + customerId + '\0' + featureKey;
    }

    static String subjectKey(String namespace, String subject) {
        return namespace + '\0' + subject;
    }

    private AccessView() {
    }

    /**
     * The decision for a customer (by subject, or by id or key) and a feature at {@code now}.
     *
     * @param subject null when {@code customer} names the customer
     */
    static AccessDecision decide(State state, AccessConfig.UnknownSubject unknown, String namespace, String subject,
            String customer, String featureKey, Instant now) {
        String customerId = customer != null ? state.customerByIdOrKey.get(subjectKey(namespace, customer))
                : state.customerBySubject.get(subjectKey(namespace, subject));
        if (customerId == null) {
            if (unknown == AccessConfig.UnknownSubject.ALLOW && customer == null) {
                return new AccessDecision(200, featureKey, null, null, true, null, null, 0, 0,
                        "no customer holds subject '" + subject + "'; unknown subjects are allowed");
            }
            return AccessDecision.denied(featureKey, null, customer != null ? "no customer has id or key '"
                    + customer + "'" : "no customer holds subject '" + subject + "'");
        }
        AccessEntry entry = state.entries.get(key(namespace, customerId, featureKey));
        if (entry == null) {
            return AccessDecision.denied(featureKey, customerId, "customer " + customerId
                    + " has no entitlement to feature '" + featureKey + "' in force");
        }
        if (!entry.metered()) {
            return new AccessDecision(200, featureKey, customerId, entry.entitlementId(), true, null, null, 0, 0,
                    null);
        }
        BigDecimal used = usedSinceAt(state, entry);
        BigDecimal remaining = entry.balance().subtract(used).max(BigDecimal.ZERO);
        boolean allowed = entry.softLimit() || remaining.signum() > 0;
        long window = Duration.between(entry.periodFrom(), entry.periodTo()).getSeconds();
        long reset = Math.max(0, Duration.between(now, entry.periodTo()).getSeconds());
        return new AccessDecision(allowed ? 200 : 429, featureKey, customerId, entry.entitlementId(), allowed,
                remaining, entry.quota(), window, reset, allowed ? null : "customer " + customerId
                        + " used all of feature '" + featureKey + "' until " + entry.periodTo());
    }

    /** Usage of the entry's subjects since its own time, from the last poll. */
    static BigDecimal usedSinceAt(State state, AccessEntry entry) {
        Map<String, BigDecimal> bySubject = state.usage.get(entry.usageKey());
        if (bySubject == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal used = BigDecimal.ZERO;
        List<String> subjects = entry.subjects();
        for (int i = 0; i < subjects.size(); i++) {
            BigDecimal value = bySubject.get(subjects.get(i));
            if (value != null) {
                used = used.add(value);
            }
        }
        return used.subtract(entry.usageBeforeAt()).max(BigDecimal.ZERO);
    }
}
