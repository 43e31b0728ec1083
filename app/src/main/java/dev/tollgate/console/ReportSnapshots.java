package dev.tollgate.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The console's report answers, kept a short while per API key and path. Reports add up a whole namespace (every
 * customer's usage, cost and invoices): seconds of work at ten thousand customers, for figures that people read, not
 * act on to the cent within the minute. A page shows a snapshot younger than {@code refreshAfter} as it is; an older
 * one is shown while a fresh one is asked for in the background (stale while revalidate), and one older than
 * {@code maxAge} is not shown at all: the page waits for the live answer. Pages say how old their figures are. The API
 * itself is never cached: scripts and downloads (CSV) always get the exact answer of the moment.
 *
 * <p>Ages are read from the app's clock, so tests that move it through months see fresh figures.
 */
final class ReportSnapshots {

    private record Key(String caller, String path) {
    }

    private final Cache<Key, CompletableFuture<ApiAnswer>> held;
    private final Set<Key> refreshing = ConcurrentHashMap.newKeySet();
    private final Duration refreshAfter;
    private final Clock clock;

    ReportSnapshots(Duration refreshAfter, Duration maxAge, int maxSnapshots, Clock clock) {
        this.refreshAfter = refreshAfter;
        this.clock = clock;
        Ticker ticker = () -> ChronoUnit.NANOS.between(Instant.EPOCH, clock.instant());
        this.held = Caffeine.newBuilder().maximumSize(maxSnapshots).expireAfterWrite(maxAge).ticker(ticker).build();
    }

    /** Off when snapshots are to be refreshed at once: every answer is the live one. */
    boolean enabled() {
        return !refreshAfter.isZero();
    }

    /**
     * The caller's snapshot of the path, or the live answer when there is none young enough.
     *
     * @param caller who asks (an API key's id): snapshots are never shared between keys
     * @param live asks the API now
     */
    CompletableFuture<ApiAnswer> get(String caller, String path, Function<String, CompletableFuture<ApiAnswer>> live) {
        if (!enabled()) {
            return live.apply(path);
        }
        Key key = new Key(caller, path);
        CompletableFuture<ApiAnswer> snapshot = held.get(key, k -> load(k, live));
        // A refusal or a failed call is shown once and asked again next time, never kept.
        snapshot.thenAccept(a -> {
            if (!a.ok()) {
                held.asMap().remove(key, snapshot);
            }
        });
        ApiAnswer done = snapshot.getNow(null);
        if (done != null && done.ok()
                && !done.snapshotAt().plus(refreshAfter).isAfter(clock.instant()) && refreshing.add(key)) {
            load(key, live).whenComplete((fresh, failed) -> {
                if (fresh != null && fresh.ok()) {
                    held.put(key, CompletableFuture.completedFuture(fresh));
                }
                refreshing.remove(key);
            });
        }
        return snapshot;
    }

    /** After the caller changed something (an invoice approved, a plan archived), its figures are asked for anew. */
    void forget(String caller) {
        held.asMap().keySet().removeIf(key -> key.caller().equals(caller));
    }

    private CompletableFuture<ApiAnswer> load(Key key, Function<String, CompletableFuture<ApiAnswer>> live) {
        Instant asOf = clock.instant();
        return live.apply(key.path()).thenApply(a -> a.ok() ? a.asOf(asOf) : a);
    }
}
