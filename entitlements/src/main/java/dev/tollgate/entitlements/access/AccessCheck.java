package dev.tollgate.entitlements.access;

import dev.tollgate.entitlements.api.BalancesMoved;
import dev.tollgate.entitlements.api.LiveBalance;
import dev.tollgate.entitlements.domain.Minutes;
import dev.tollgate.meters.api.MeterUsage;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The gateway's question, answered from the access view, and the jobs that keep the view current in this process:
 * a usage poll (the subjects whose usage was written since the last look), a change poll (customers, entitlements and
 * grants changed by any process, and boundaries passed), and, as a safety net, a whole rebuild at a new checkpoint.
 * Every process keeps its own view, so each converges on its own.
 */
@ApplicationScoped
public class AccessCheck {

    private static final Logger LOG = Logger.getLogger(AccessCheck.class);
    /** Changes are looked for again over this much time before the last look, for transactions committed late. */
    private static final Duration CHANGE_OVERLAP = Duration.ofSeconds(10);
    /** Customer keys in {@link #applied} carry this prefix, apart from entitlement keys. */
    private static final String CUSTOMER = "customer\0";
    /** A change this close before a build started may have committed after the build read it. */
    private static final Duration BUILD_SAFETY = Duration.ofSeconds(2);

    private final AccessViewBuilder builder;
    private final AccessViewUsage viewUsage;
    private final AccessConfig config;
    private final Clock clock;
    private final Event<BalancesMoved> balancesMoved;
    private final AtomicReference<AccessView.State> state = new AtomicReference<>();
    /** How many changed entitlements one change poll works out one by one; the rest wait for the next polls. */
    static final int REFRESHES_PER_POLL = 50;
    /**
     * With this many waiting, the view is rebuilt instead (it reads usage for many customers per query), but not more
     * often than {@link #MIN_REBUILD_GAP}, so that a burst of changes (thousands of subscriptions made at once) costs a
     * rebuild every few seconds rather than one per poll.
     */
    static final int REBUILD_ABOVE = 500;
    static final Duration MIN_REBUILD_GAP = Duration.ofSeconds(15);

    private volatile Instant changesSince;
    /** Each key's latest change already seen, so that the look-back overlap does not queue it again. */
    private final Map<String, Instant> applied = new ConcurrentHashMap<>();
    /** Keys to work out again, oldest first. */
    private final Set<String> pending = Collections.synchronizedSet(new LinkedHashSet<>());
    /** Customers ({@code namespace \0 id}) whose names to read again, oldest first. */
    private final Set<String> pendingCustomers = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile long lastRebuildNanos;
    private volatile long lastUsagePollNanos;
    private final ScheduledExecutorService usagePoller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "access-view-usage");
        thread.setDaemon(true);
        return thread;
    });

    AccessCheck(AccessViewBuilder builder, MeterUsage usage, AccessConfig config, Clock clock,
            MeterRegistry registry, Event<BalancesMoved> balancesMoved) {
        this.builder = builder;
        this.balancesMoved = balancesMoved;
        this.viewUsage = new AccessViewUsage(usage, clock);
        this.config = config;
        this.clock = clock;
        Gauge.builder("tollgate.access.view.entries", state, s -> s.get() == null ? 0 : s.get().entries.size())
                .description("Entitlements in this process's access view").register(registry);
        Gauge.builder("tollgate.access.usage.age.seconds", this,
                c -> c.lastUsagePollNanos == 0 ? -1 : (System.nanoTime() - c.lastUsagePollNanos) / 1e9)
                .description("Seconds since the access view last read usage").register(registry);
    }

    /**
     * May the subject (or the customer, by id or key) use the feature now?
     *
     * @return empty until the view is first built
     */
    public Optional<AccessDecision> check(String namespace, String subject, String customer,
            String featureKey) {
        AccessView.State current = state.get();
        if (current == null) {
            return Optional.empty();
        }
        return Optional.of(AccessView.decide(current, config.unknownSubject(), namespace, subject,
                customer, featureKey, clock.instant()));
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "access-view-rebuild", every = "${tollgate.access.rebuild-every:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Roles.NeitherApiNorWorker.class)
    synchronized void rebuild() {
        try {
            Instant started = clock.instant();
            Instant checkpoint = Minutes.floor(started);
            AccessView.State built = builder.build(checkpoint);
            viewUsage.readAll(built, started.minus(AccessViewUsage.OVERLAP));
            lastUsagePollNanos = System.nanoTime();
            state.set(built);
            lastRebuildNanos = System.nanoTime();
            pending.clear();
            pendingCustomers.clear();
            applied.clear();
            // Changes well before the build's reads are in it; later ones are worked out again by the change poll.
            Instant safe = started.minus(BUILD_SAFETY);
            builder.changedSince(started.minus(CHANGE_OVERLAP)).forEach((key, changedAt) -> {
                if (changedAt.isBefore(safe)) {
                    applied.put(key, changedAt);
                }
            });
            builder.customersChangedSince(started.minus(CHANGE_OVERLAP)).forEach((key, changedAt) -> {
                if (changedAt.isBefore(safe)) {
                    applied.put(CUSTOMER + key, changedAt);
                }
            });
            changesSince = started.minus(CHANGE_OVERLAP);
            LOG.debugf("access view rebuilt at %s: %d entitlements", checkpoint, built.entries.size());
            // After a restart or a missed change, thresholds crossed meanwhile are looked at again.
            publish(built, built.entries.values());
        } catch (RuntimeException e) {
            LOG.warn("rebuilding the access view failed; the previous view keeps answering", e);
        }
    }

    /**
     * Reads usage on its own thread: Quarkus's scheduler does not run jobs more often than once a second, and the usage
     * poll sets the check's freshness.
     */
    void startUsagePoll(@Observes StartupEvent started) {
        long every = config.usagePollEvery().toMillis();
        usagePoller.scheduleWithFixedDelay(this::pollUsage, every, every, TimeUnit.MILLISECONDS);
    }

    void stopUsagePoll(@Observes ShutdownEvent stopping) {
        usagePoller.shutdownNow();
    }

    void pollUsage() {
        AccessView.State current = state.get();
        if (current != null) {
            try {
                viewUsage.poll(current, pending::add, (meter, subjects) -> publish(current, current.entries.values()
                        .stream().filter(entry -> entry.metered() && burns(entry, meter, subjects)).toList()));
                lastUsagePollNanos = System.nanoTime();
            } catch (RuntimeException e) {
                LOG.warn("reading usage for the access view failed; it answers from the last reading", e);
            }
        }
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "access-view-changes", every = "${tollgate.access.change-poll-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Roles.NeitherApiNorWorker.class)
    void pollChanges() {
        AccessView.State current = state.get();
        if (current == null) {
            return;
        }
        try {
            Instant now = clock.instant();
            queueChanged(builder.customersChangedSince(changesSince), CUSTOMER, pendingCustomers);
            queueChanged(builder.changedSince(changesSince), "", pending);
            applied.values().removeIf(at -> at.isBefore(now.minus(CHANGE_OVERLAP.multipliedBy(2))));
            current.entries.forEach((key, entry) -> {
                if (entry.nextChange() != null && !entry.nextChange().isAfter(now)) {
                    pending.add(key);
                }
            });
            current.upcoming.forEach((key, from) -> {
                if (!from.isAfter(now)) {
                    pending.add(key);
                }
            });
            if (pending.size() + pendingCustomers.size() > REBUILD_ABOVE
                    && System.nanoTime() - lastRebuildNanos > MIN_REBUILD_GAP.toNanos()) {
                rebuild();
                return;
            }
            // Customers first: an entitlement of a customer made a moment ago needs the customer's names.
            for (String customer : take(pendingCustomers, REFRESHES_PER_POLL)) {
                String[] parts = customer.split("\0", 2);
                builder.refreshCustomer(current, parts[0], parts[1], now);
                // The customer's entries burn its subjects' usage: work them out again with the subjects it has now.
                String prefix = customer + '\0';
                current.entries.keySet().stream().filter(key -> key.startsWith(prefix)).forEach(pending::add);
            }
            for (String key : take(pending, REFRESHES_PER_POLL)) {
                refresh(current, key, now);
            }
            changesSince = now.minus(CHANGE_OVERLAP);
        } catch (RuntimeException e) {
            LOG.warn("looking for entitlement changes failed; trying again", e);
        }
    }

    /** Queues the keys whose latest change this process has not seen yet. */
    private void queueChanged(Map<String, Instant> changed, String prefix, Set<String> queue) {
        changed.forEach((key, changedAt) -> {
            if (!changedAt.equals(applied.get(prefix + key))) {
                queue.add(key);
                applied.put(prefix + key, changedAt);
            }
        });
    }

    private static List<String> take(Set<String> queue, int most) {
        synchronized (queue) {
            List<String> batch = queue.stream().limit(most).toList();
            batch.forEach(queue::remove);
            return batch;
        }
    }

    /** Works out one entry again; the change is in the view as soon as this returns. */
    private void refresh(AccessView.State current, String key, Instant now) {
        String[] parts = key.split("\0", 3);
        current.upcoming.remove(key);
        builder.entryNow(current, parts[0], parts[1], parts[2], now).ifPresentOrElse(entry -> {
            // A customer that had no entitlement at the last rebuild and has not changed since is not known yet.
            if (!current.knows(entry.namespace(), entry.customerId())) {
                builder.refreshCustomer(current, entry.namespace(), entry.customerId(), now);
            }
            current.entries.put(key, entry);
            if (entry.metered()) {
                publish(current, List.of(entry));
            }
        }, () -> {
            current.entries.remove(key);
            // One made to start later (a subscription's next phase, a future start) is worked out when it starts.
            builder.nextStart(parts[0], parts[1], parts[2], now).ifPresent(from -> current.upcoming.merge(key, from,
                    (a, b) -> a.isBefore(b) ? a : b));
        });
    }

    private static boolean burns(AccessEntry entry, String meter, Set<String> subjects) {
        AccessEntry.UsageKey k = entry.usageKey();
        return meter.equals(k.namespace() + '\0' + k.meterSlug())
                && entry.subjects().stream().anyMatch(subjects::contains);
    }

    /** Tells observers (quota notifications) the entries' figures now. */
    private void publish(AccessView.State current, Collection<AccessEntry> entries) {
        List<LiveBalance> moved = entries.stream().filter(AccessEntry::metered)
                .map(entry -> entry.live(AccessView.usedSinceAt(current, entry))).toList();
        if (!moved.isEmpty()) {
            try {
                balancesMoved.fire(new BalancesMoved(moved));
            } catch (RuntimeException e) {
                LOG.warn("an observer of moved balances failed", e);
            }
        }
    }
}
