package dev.tollgate.finance.service;

import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.FeatureCosts;
import dev.tollgate.finance.domain.CostInputs;
import dev.tollgate.finance.domain.MonthPieces;
import dev.tollgate.finance.store.CostMonthRepository;
import dev.tollgate.meters.api.MeterUsage;
import dev.tollgate.shared.lifecycle.AwaitedOnShutdown;
import dev.tollgate.shared.roles.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps the cost rollup's months current: computes a month reports asked for when it was never computed, when its
 * inputs changed, or when usage was written into it since (once those writes are older than the overlap, so that the
 * new result is current at once), and adds each new month for namespaces that use the rollup. Several instances may
 * run it: a result that saw less usage than the stored one is never written over it.
 */
@ApplicationScoped
public class CostMonthRefresher {

    private static final Logger LOG = Logger.getLogger(CostMonthRefresher.class);

    private final CostMonthRepository repository;
    private final UsageCostService costs;
    private final CostMonths months;
    private final FeatureCosts features;
    private final BillingCustomers customers;
    private final CostRollupConfig config;
    private final Clock clock;

    CostMonthRefresher(CostMonthRepository repository, UsageCostService costs, CostMonths months,
            FeatureCosts features, BillingCustomers customers, CostRollupConfig config, Clock clock) {
        this.repository = repository;
        this.costs = costs;
        this.months = months;
        this.features = features;
        this.customers = customers;
        this.config = config;
        this.clock = clock;
    }

    @AwaitedOnShutdown
    @Scheduled(identity = "finance-cost-rollup", every = "${tollgate.finance.cost-rollup.refresh-every:10s}",
            delayed = "15s", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Roles.NotWorker.class)
    void scheduled() {
        if (!config.enabled()) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf(e, "cost rollup refresh failed; reports read those months live until the next round");
        }
    }

    /** One round over every namespace; answers how many months were computed. */
    public int refresh() {
        Instant now = clock.instant();
        Map<String, List<CostMonthRepository.Month>> byNamespace = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().call(() -> {
            // A namespace that reads the rollup keeps doing so: the month that has just started joins it.
            LocalDate thisMonth = MonthPieces.firstDay(YearMonth.from(now.atZone(java.time.ZoneOffset.UTC)));
            repository.startedMonths(now).stream().map(CostMonthRepository.Month::namespace).distinct()
                    .forEach(ns -> repository.request(ns, List.of(thisMonth), now));
            return repository.startedMonths(now);
        }).forEach(m -> byNamespace.computeIfAbsent(m.namespace(), k -> new ArrayList<>()).add(m));
        return refresh(byNamespace, now);
    }

    /** One round over one namespace's months; answers how many were computed. */
    public int refresh(String namespace) {
        Instant now = clock.instant();
        Map<String, List<CostMonthRepository.Month>> byNamespace = new LinkedHashMap<>();
        byNamespace.put(namespace, QuarkusTransaction.requiringNew().call(() -> repository.startedMonths(now))
                .stream().filter(m -> m.namespace().equals(namespace)).toList());
        return refresh(byNamespace, now);
    }

    private int refresh(Map<String, List<CostMonthRepository.Month>> byNamespace, Instant now) {
        int computed = 0;
        for (var entry : byNamespace.entrySet()) {
            computed += refresh(entry.getKey(), entry.getValue(), now);
        }
        return computed;
    }

    private int refresh(String namespace, List<CostMonthRepository.Month> known, Instant now) {
        List<FeatureCosts.MeteredFeature> metered = features.meteredFeatures(namespace);
        String catalog = costs.catalogDigest(namespace, metered);
        // Changes are read from where each month's knowledge ends: clean months' usage_seen_from, which every round
        // moves up, and dirty months' last write. Both are recent, so each round reads about a minute of changes.
        Instant overlapAgo = now.minus(config.overlap());
        Instant since = overlapAgo;
        for (CostMonthRepository.Month m : known) {
            Instant knownUntil = m.computedAt() == null ? null : m.dirty() ? m.lastWriteAt() : m.usageSeenFrom();
            if (knownUntil != null && knownUntil.isBefore(since)) {
                since = knownUntil;
            }
        }
        Collection<MeterUsage.Changes> changes = months.changes(namespace, metered, since);
        Instant customersSince = since.minus(config.overlap());
        boolean customersChanged = customers.changedSince(customersSince).stream()
                .anyMatch(c -> namespace.equals(c.namespace()));
        int computed = 0;
        for (CostMonthRepository.Month month : known) {
            if (refresh(month, catalog, changes, customersChanged, now)) {
                computed++;
            }
        }
        return computed;
    }

    /** Computes the month if it is out of date and quiet, else notes what this round learnt; true when computed. */
    private boolean refresh(CostMonthRepository.Month month, String catalog, Collection<MeterUsage.Changes> changes,
            boolean customersChanged, Instant now) {
        YearMonth ym = YearMonth.from(month.month());
        Instant monthEnd = MonthPieces.start(ym.plusMonths(1));
        Instant overlapAgo = now.minus(config.overlap());
        Instant seen = month.usageSeenFrom() == null ? Instant.EPOCH : month.usageSeenFrom();
        Instant lastWrite = CostMonths.lastWrite(changes, seen, monthEnd).orElse(null);
        boolean dirty = month.dirty() || lastWrite != null;
        Instant latest = lastWrite == null ? month.lastWriteAt()
                : month.lastWriteAt() == null || lastWrite.isAfter(month.lastWriteAt()) ? lastWrite
                        : month.lastWriteAt();
        if (latest != null && !latest.isBefore(overlapAgo) && (dirty || month.computedAt() == null)) {
            // Still being written to: a result now would be out of date at once; reports read it live meanwhile.
            if (month.computedAt() != null && lastWrite != null) {
                QuarkusTransaction.requiringNew().run(() -> repository.markDirty(month.namespace(), month.month(),
                        lastWrite));
            }
            return false;
        }
        boolean stale = month.computedAt() == null || dirty || !CostInputs.sameCatalog(month.inputsDigest(), catalog)
                // A customer changed: stale only if it changed who held which subject during the month.
                || customersChanged && !costs.digest(month.namespace(), MonthPieces.start(ym), monthEnd)
                        .equals(month.inputsDigest());
        if (stale) {
            compute(month.namespace(), month.month(), now);
            return true;
        }
        QuarkusTransaction.requiringNew().run(() -> repository.advanceSeen(month.namespace(), month.month(),
                month.usageSeenFrom(), overlapAgo));
        return false;
    }

    private void compute(String namespace, LocalDate month, Instant now) {
        YearMonth ym = YearMonth.from(month);
        Instant seenFrom = now.minus(config.overlap());
        long started = System.nanoTime();
        CostMonths.Computed result = costs.computeMonth(namespace, MonthPieces.start(ym),
                MonthPieces.start(ym.plusMonths(1)));
        List<CostMonthRepository.Row> rows = result.rows().stream().map(r -> new CostMonthRepository.Row(
                r.group().get(UsageCosts.CUSTOMER) == null ? "" : r.group().get(UsageCosts.CUSTOMER),
                r.group().get(UsageCosts.FEATURE), r.currency(), r.usage(), r.cost())).toList();
        boolean stored = QuarkusTransaction.requiringNew().call(() -> repository.store(namespace, month,
                clock.instant(), seenFrom, result.digest(), months.warningsJson(result.warnings()), rows));
        LOG.infof("cost rollup: %s %s %s (%d rows) in %d ms", namespace, ym, stored ? "computed"
                : "left as another computation stored it", rows.size(), (System.nanoTime() - started) / 1_000_000);
    }
}
