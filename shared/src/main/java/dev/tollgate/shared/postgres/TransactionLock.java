package dev.tollgate.shared.postgres;

import jakarta.persistence.EntityManager;

/**
 * PostgreSQL advisory locks held until the current transaction ends. They serialize the work on one named thing, such
 * as a plan key or a customer's subscriptions, across every instance sharing the database, where a unique index alone
 * cannot: "check there is none, then insert" needs the check and the insert to see the same state.
 */
public final class TransactionLock {

    private TransactionLock() {
    }

    /** Blocks until this transaction holds the lock named {@code name} (names are hashed to 64 bits). */
    public static void acquire(EntityManager entityManager, String name) {
        entityManager.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtextextended(:lock, 0))")
                .setParameter("lock", name).getSingleResult();
    }
}
