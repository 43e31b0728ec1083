package dev.tollgate.notifications.service;

import dev.tollgate.catalog.api.BillingFeatures;
import dev.tollgate.entitlements.api.BalancesMoved;
import dev.tollgate.entitlements.api.LiveBalance;
import dev.tollgate.notifications.domain.EventTypes;
import dev.tollgate.notifications.domain.Thresholds;
import dev.tollgate.notifications.store.MarkRepository;
import dev.tollgate.notifications.store.RuleEntity;
import dev.tollgate.notifications.store.RuleRepository;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Role;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Watches the balances the access view takes in (driven by the aggregator's committed windows, and by grants, resets
 * and subscription changes) for thresholds that may have been crossed, in memory: only those are worked out exactly
 * and decided in PostgreSQL ({@link ThresholdNotifier}). What was sent is remembered per rule, entitlement and period,
 * so a balance above a sent threshold costs nothing more.
 */
@ApplicationScoped
public class ThresholdWatcher {

    private static final Logger LOG = Logger.getLogger(ThresholdWatcher.class);
    /** The same entitlement is worked out exactly at most this often; a crossing found meanwhile waits for it. */
    private static final Duration RETRY_GAP = Duration.ofSeconds(1);
    /** After a failed decision the next try waits longer each time, up to this. */
    private static final Duration MOST_RETRY_GAP = Duration.ofSeconds(60);

    /** A rule as matched in memory: its features as keys (the rule may name them by id). */
    record Watched(RuleEntity rule, Set<String> featureKeys) {

        boolean covers(String featureKey) {
            return featureKeys.isEmpty() || featureKeys.contains(featureKey);
        }
    }

    /** What was sent for a rule and entitlement in one usage period. */
    record Sent(Instant periodFrom, List<Thresholds.Threshold> thresholds) {
    }

    private final RuleRepository rules;
    private final MarkRepository marks;
    private final BillingFeatures features;
    private final ThresholdNotifier notifier;
    private final Clock clock;
    private final Roles roles;
    /** Null until first read: the first balances published (a rebuild after a restart) must not miss the rules. */
    private volatile Map<String, List<Watched>> byNamespace;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, LiveBalance> waiting = new ConcurrentHashMap<>();
    /** Each entitlement's balance as last published, for rules made after it moved. */
    private final Map<String, LiveBalance> latest = new ConcurrentHashMap<>();
    /** When each entitlement may be worked out again ({@link System#nanoTime()}). */
    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
    /** Failed decisions in a row, per entitlement, for the back-off. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ExecutorService evaluator = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "notification-thresholds");
        thread.setDaemon(true);
        return thread;
    });

    ThresholdWatcher(RuleRepository rules, MarkRepository marks, BillingFeatures features,
            ThresholdNotifier notifier, Clock clock, Roles roles) {
        this.clock = clock;
        this.roles = roles;
        this.rules = rules;
        this.marks = marks;
        this.features = features;
        this.notifier = notifier;
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "notification-rules", every = "${tollgate.notifications.outbox.rule-refresh-every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Roles.NotWorker.class)
    void refreshRules() {
        try {
            Map<String, List<Watched>> before = byNamespace;
            Map<String, List<Watched>> now = readRules();
            byNamespace = now;
            lookAgainForNewRules(before, now);
            // A balance whose period is over says nothing a new rule could fire on; a live entitlement's next period
            // is published when it starts. This keeps ended entitlements from staying here for ever.
            Instant instant = clock.instant();
            latest.values().removeIf(live -> live.periodTo() != null && !live.periodTo().isAfter(instant));
        } catch (RuntimeException e) {
            LOG.warn("reading notification rules failed; the last ones are watched", e);
        }
    }

    /**
     * A rule made or changed after a balance last moved would otherwise wait for its next move: the balances last
     * seen in the rule's namespace are looked at again.
     */
    private void lookAgainForNewRules(Map<String, List<Watched>> before, Map<String, List<Watched>> now) {
        Set<String> known = new HashSet<>();
        if (before != null) {
            before.values().forEach(list -> list.forEach(w -> known.add(w.rule().id + '@' + w.rule().updatedAt)));
        }
        Set<String> namespaces = new HashSet<>();
        now.forEach((namespace, list) -> list.stream().filter(w -> !known.contains(w.rule().id + '@'
                + w.rule().updatedAt)).findAny().ifPresent(w -> namespaces.add(namespace)));
        if (before == null || namespaces.isEmpty()) {
            return;
        }
        boolean queued = false;
        for (LiveBalance live : latest.values()) {
            if (namespaces.contains(live.namespace())) {
                queued |= queueIfCandidate(live);
            }
        }
        if (queued) {
            startDraining();
        }
    }

    private Map<String, List<Watched>> readRules() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, List<Watched>> watched = new LinkedHashMap<>();
            for (RuleEntity rule : rules.activeOfType(EventTypes.BALANCE_THRESHOLD)) {
                Set<String> keys = new HashSet<>();
                for (String feature : rule.features) {
                    features.findFeature(rule.namespace, feature).ifPresent(f -> keys.add(f.key()));
                }
                if (rule.features.isEmpty() || !keys.isEmpty()) {
                    watched.computeIfAbsent(rule.namespace, n -> new ArrayList<>()).add(new Watched(rule, keys));
                }
            }
            return watched;
        });
    }

    void onMoved(@Observes BalancesMoved moved) {
        if (!roles.runs(Role.WORKER)) {
            return; // an API process keeps the access view for checks; thresholds are the workers'
        }
        boolean queued = false;
        for (LiveBalance live : moved.balances()) {
            latest.put(live.entitlementId(), live);
            queued |= queueIfCandidate(live);
        }
        if (queued) {
            startDraining();
        }
    }

    private boolean queueIfCandidate(LiveBalance live) {
        if (candidates(live).isEmpty()) {
            LOG.tracef("entitlement %s crossed nothing new: %s", live.entitlementId(), live);
            return false;
        }
        LOG.debugf("entitlement %s may have crossed a threshold: %s", live.entitlementId(), live);
        waiting.put(live.entitlementId(), live);
        return true;
    }

    private void startDraining() {
        if (draining.compareAndSet(false, true)) {
            evaluator.execute(this::drain);
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        evaluator.shutdownNow();
    }

    /** The rules whose thresholds the live figures reach beyond what is known to be sent. */
    List<String> candidates(LiveBalance live) {
        Map<String, List<Watched>> current = byNamespace;
        if (current == null) {
            current = readRules();
            byNamespace = current;
        }
        List<Watched> watched = current.get(live.namespace());
        if (watched == null) {
            return List.of();
        }
        Thresholds.Figures figures = new Thresholds.Figures(live.usage(), live.balance(),
                live.totalAvailableGrantAmount());
        List<String> ruleIds = new ArrayList<>();
        for (Watched w : watched) {
            if (w.covers(live.featureKey())) {
                Sent known = sent.get(key(w.rule().id, live.entitlementId()));
                List<Thresholds.Threshold> already = known != null && known.periodFrom().equals(live.periodFrom())
                        ? known.thresholds() : List.of();
                if (!Thresholds.toFire(ThresholdNotifier.thresholdsOf(w.rule(), live), figures, already).isEmpty()) {
                    ruleIds.add(w.rule().id);
                }
            }
        }
        return ruleIds;
    }

    private void drain() {
        try {
            while (!waiting.isEmpty()) {
                boolean progressed = false;
                for (String entitlementId : List.copyOf(waiting.keySet())) {
                    Long allowedFrom = notBefore.get(entitlementId);
                    if (allowedFrom != null && System.nanoTime() - allowedFrom < 0) {
                        continue;
                    }
                    LiveBalance live = waiting.remove(entitlementId);
                    if (live != null) {
                        notBefore.put(entitlementId, System.nanoTime() + evaluate(live).toNanos());
                        progressed = true;
                    }
                }
                if (!progressed) {
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            draining.set(false);
            notBefore.values().removeIf(t -> System.nanoTime() - t > 0);
            if (!waiting.isEmpty()) {
                startDraining();
            }
        }
    }

    /**
     * Decides the live balance's candidates exactly.
     *
     * @return how long to wait before this entitlement is worked out again
     */
    private Duration evaluate(LiveBalance live) {
        List<String> ruleIds = candidates(live);
        if (ruleIds.isEmpty()) {
            return RETRY_GAP;
        }
        try {
            Map<String, List<Thresholds.Threshold>> sent = notifier.evaluate(live, ruleIds);
            LOG.debugf("entitlement %s, rules %s: sent %s", live.entitlementId(), ruleIds, sent);
            remember(live, ruleIds);
            failures.remove(live.entitlementId());
            return RETRY_GAP;
        } catch (RuntimeException e) {
            // The balance may not move again for a long time (a quota reached, then quiet): the crossing is tried again
            // rather than left for the next change, unless a newer balance is already waiting.
            int failed = failures.merge(live.entitlementId(), 1, Integer::sum);
            waiting.putIfAbsent(live.entitlementId(), live);
            Duration gap = RETRY_GAP.multipliedBy(1L << Math.min(failed, 6));
            gap = gap.compareTo(MOST_RETRY_GAP) > 0 ? MOST_RETRY_GAP : gap;
            LOG.warnf(e, "deciding the thresholds of entitlement %s failed (%d in a row); trying again in %s",
                    live.entitlementId(), failed, gap);
            return gap;
        }
    }

    /** Reads what is sent now (by any process) for the period, so that the in-memory look stops asking. */
    private void remember(LiveBalance live, List<String> ruleIds) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (String ruleId : ruleIds) {
                List<Thresholds.Threshold> thresholds = marks.sent(ruleId, live.entitlementId(), live.periodFrom())
                        .stream().map(m -> new Thresholds.Threshold(m.thresholdType(), m.thresholdValue())).toList();
                sent.put(key(ruleId, live.entitlementId()), new Sent(live.periodFrom(), thresholds));
            }
        });
    }

    private static String key(String ruleId, String entitlementId) {
        return ruleId + '/' + entitlementId;
    }
}
