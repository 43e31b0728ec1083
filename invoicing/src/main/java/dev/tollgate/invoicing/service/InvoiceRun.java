package dev.tollgate.invoicing.service;

import dev.tollgate.catalog.api.BillableSubscription;
import dev.tollgate.invoicing.domain.CustomerBilling;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The billing run: what closes each cycle by itself. In order, it turns subscriptions that started a period or
 * changed into lines, issues drafts whose review period is over, collects every gathering invoice with lines due into
 * an invoice, and marks unpaid invoices past their due date overdue.
 *
 * <p>Each step works on a chunk of subscriptions or invoices in one transaction, under their rows' locks, and checks
 * again under the locks that the work is still to do; a chunk that fails is done again one item at a time. Any number
 * of processes may therefore run it at once, and a process killed in the middle leaves only whole chunks behind: the
 * next run does the rest, and nothing twice.
 */
@ApplicationScoped
@Startup // its metrics exist from the start, before the first run
public class InvoiceRun {

    private static final Logger LOG = Logger.getLogger(InvoiceRun.class);
    public static final String KIND = "billing_run";
    /**
     * Subscriptions synced in one transaction. Chunks follow the order of the list of due subscriptions in every
     * process, so their row locks are taken in one order; a deadlock PostgreSQL breaks anyway only makes a chunk
     * fall back to one subscription at a time.
     */
    private static final int SYNC_CHUNK = 25;
    /**
     * Gathering invoices collected in one transaction. Each is taken with SKIP LOCKED, and the invoice numbers last,
     * once per chunk: a chunk never waits for a lock while holding a sequence, so chunks of several processes cannot
     * deadlock, and the sequence's row is held once per chunk instead of once per invoice.
     */
    private static final int COLLECT_CHUNK = 25;
    /** Subscriptions synced in a run after which the tables it filled get fresh planner statistics. */
    private static final int REFRESH_STATISTICS_AFTER = 1_000;

    /** What a run did. */
    public record Report(String progressId, int subscriptionsSynced, int draftsIssued, List<String> invoices,
            int customersDue, int failed, int markedOverdue) {
    }

    private final SubscriptionSync sync;
    private final InvoiceCollector collector;
    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final Reconciliation reconciliation;
    private final UsageQuantities usage;
    private final InvoiceIssuer issuer;
    private final ProgressTracker progress;
    private final BillingConfig config;
    private final LineJson json;
    private final Clock clock;
    private final CustomerBillingService customerBilling;
    private final MeterRegistry registry;

    InvoiceRun(CustomerBillingService customerBilling, SubscriptionSync sync, InvoiceCollector collector,
            InvoiceRepository invoices, InvoiceLineRepository lines, Reconciliation reconciliation,
            UsageQuantities usage, InvoiceIssuer issuer, ProgressTracker progress, BillingConfig config,
            LineJson json, Clock clock, MeterRegistry registry) {
        this.registry = registry;
        // Every outcome from the start, at zero: a dashboard then tells "no failed run" from "no data".
        List.of("clean", "with_failures", "failed").forEach(this::runTimer);
        registry.counter("tollgate.billing.invoices.made");
        registry.counter("tollgate.billing.collect.failures");
        this.sync = sync;
        this.collector = collector;
        this.invoices = invoices;
        this.lines = lines;
        this.reconciliation = reconciliation;
        this.usage = usage;
        this.issuer = issuer;
        this.progress = progress;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.customerBilling = customerBilling;
    }

    /**
     * One whole run as of the clock's now.
     *
     * @param namespace only this namespace's subscriptions and invoices; null for every namespace (the schedule)
     */
    public Report run(String namespace) {
        long started = System.nanoTime();
        try {
            Report report = runOnce(namespace);
            runTimer(report.failed() == 0 ? "clean" : "with_failures").record(System.nanoTime() - started,
                    TimeUnit.NANOSECONDS);
            registry.counter("tollgate.billing.invoices.made").increment(report.invoices().size());
            registry.counter("tollgate.billing.collect.failures").increment(report.failed());
            return report;
        } catch (RuntimeException e) {
            runTimer("failed").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    /** Billing runs, scheduled or asked for, by how they ended: for the dashboards. */
    private Timer runTimer(String outcome) {
        return Timer.builder("tollgate.billing.run").description("Billing runs, by how they ended")
                .tag("outcome", outcome).register(registry);
    }

    private Report runOnce(String namespace) {
        Instant now = clock.instant();
        Instant lastCleanRun = progress.lastCleanStart(KIND).orElse(null);
        String progressId = progress.start(namespace, KIND);
        long t0 = System.nanoTime();
        SyncCount synced = syncSubscriptions(namespace, now, lastCleanRun);
        if (synced.synced() >= REFRESH_STATISTICS_AFTER) {
            QuarkusTransaction.requiringNew().run(lines::refreshStatistics);
        }
        long t1 = System.nanoTime();
        int issued = issueDraftsDue(namespace, now);
        Map<String, Instant> due = QuarkusTransaction.requiringNew().call(() -> lines.gatheringDue(namespace, now));
        Tally tally = new Tally(progressId, due.size());
        tally.failed = synced.failed();
        progress.update(progressId, due.size(), 0, 0, false);
        UsageQuantities.Answers answers = prefetch(due.keySet(), now);
        InvoiceCollector.Selection selection = InvoiceCollector.Selection.due(now, billingOf(due.keySet()));
        long t2 = System.nanoTime();
        List<String> made = java.util.Collections.synchronizedList(new ArrayList<>());
        inParallel(chunks(List.copyOf(due.keySet()), COLLECT_CHUNK), chunk -> {
            try {
                made.addAll(collector.collectAll(chunk, selection, answers, now));
                tally.succeeded(chunk.size());
                tally.report(false);
                return;
            } catch (RuntimeException e) {
                LOG.debugf(e, "billing run %s: a chunk of %d gathering invoices failed; collecting them one at a time",
                        progressId, chunk.size());
            }
            for (String gatheringId : chunk) {
                try {
                    collector.collect(gatheringId, selection, answers, now).ifPresent(made::add);
                    tally.succeeded(1);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "billing run %s: could not collect gathering invoice %s", progressId, gatheringId);
                    tally.failed();
                }
                tally.report(false);
            }
        });
        long t3 = System.nanoTime();
        int overdue = markOverdue(namespace, now);
        tally.report(true);
        LOG.infof("billing run %s: sync %d ms, prefetch %d ms (%d answers), collect %d ms", progressId,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, answers.size(), (t3 - t2) / 1_000_000);
        Report report = new Report(progressId, synced.synced(), issued, made, due.size(), (int) tally.failed,
                overdue);
        if (synced.synced() + issued + made.size() + overdue + tally.failed > 0) {
            LOG.infof("billing run %s as of %s: %d subscriptions synced, %d drafts issued, %d invoices made for %d"
                    + " customers due (%d failed), %d overdue", progressId, now, synced.synced(), issued, made.size(),
                    due.size(), tally.failed, overdue);
        }
        return report;
    }

    private record SyncCount(int synced, int failed) {
    }

    private SyncCount syncSubscriptions(String namespace, Instant now, Instant lastCleanRun) {
        java.util.concurrent.atomic.AtomicInteger synced = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        List<BillableSubscription> due = sync.due(now, lastCleanRun).stream()
                .filter(s -> namespace == null || namespace.equals(s.namespace())).toList();
        inParallel(chunks(due, SYNC_CHUNK), chunk -> {
            try {
                sync.syncAll(chunk, now);
                synced.addAndGet(chunk.size());
                return;
            } catch (RuntimeException e) {
                LOG.debugf(e, "billing run: a chunk of %d subscriptions failed; syncing them one at a time",
                        chunk.size());
            }
            for (BillableSubscription subscription : chunk) {
                try {
                    sync.sync(subscription, now);
                    synced.incrementAndGet();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "billing run: could not turn subscription %s into lines", subscription.id());
                    failed.incrementAndGet();
                }
            }
        });
        return new SyncCount(synced.get(), failed.get());
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    /**
     * Works through the items on {@code tollgate.billing.run-threads} threads. Each item's work is its own transaction
     * under its own row lock, so their order does not matter.
     */
    private <T> void inParallel(List<T> items, java.util.function.Consumer<T> work) {
        int threads = Math.max(1, Math.min(config.runThreads(), items.size()));
        if (threads == 1) {
            items.forEach(work);
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (T item : items) {
                done.add(pool.submit(() -> work.accept(item)));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("billing run interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("billing run step failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private int issueDraftsDue(String namespace, Instant now) {
        int issued = 0;
        for (String id : QuarkusTransaction.requiringNew().call(() -> invoices.draftsDue(namespace, now))) {
            boolean done = attempt("issue draft " + id, () -> {
                Optional<InvoiceEntity> draft = invoices.tryLock(id);
                if (draft.isEmpty() || !InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL.wireName().equals(draft.get().status)
                        || draft.get().draftUntil == null || draft.get().draftUntil.isAfter(now)) {
                    return false; // another process issued it, or someone changed it meanwhile
                }
                issuer.issue(draft.get(), now);
                return true;
            });
            issued += done ? 1 : 0;
        }
        return issued;
    }

    private int markOverdue(String namespace, Instant now) {
        int marked = 0;
        for (String id : QuarkusTransaction.requiringNew().call(() -> invoices.unpaidPastDue(namespace, now))) {
            boolean done = attempt("mark invoice " + id + " overdue", () -> {
                Optional<InvoiceEntity> invoice = invoices.tryLock(id);
                if (invoice.isEmpty() || invoice.get().dueAt == null || invoice.get().dueAt.isAfter(now)
                        || !InvoiceStatus.ofWireName(invoice.get().status).map(InvoiceStatus::awaitsPayment)
                                .orElse(false)) {
                    return false;
                }
                invoice.get().status = InvoiceStatus.OVERDUE.wireName();
                invoice.get().updatedAt = now;
                return true;
            });
            marked += done ? 1 : 0;
        }
        return marked;
    }

    /** How each customer with a gathering invoice due is billed: a few queries per namespace, not per customer. */
    private Map<String, CustomerBilling> billingOf(java.util.Collection<String> gatheringIds) {
        if (gatheringIds.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, List<String>> customersByNamespace = new java.util.HashMap<>();
            List<String> ids = List.copyOf(gatheringIds);
            for (int i = 0; i < ids.size(); i += 1000) {
                List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
                for (InvoiceEntity gathering : invoices.list("id in ?1", chunk)) {
                    customersByNamespace.computeIfAbsent(gathering.namespace, ns -> new ArrayList<>())
                            .add(gathering.customerId);
                }
            }
            Map<String, CustomerBilling> billing = new java.util.HashMap<>();
            customersByNamespace.forEach((namespace, customers) -> {
                for (int i = 0; i < customers.size(); i += 1000) {
                    billing.putAll(customerBilling.effective(namespace,
                            customers.subList(i, Math.min(customers.size(), i + 1000))));
                }
            });
            return billing;
        });
    }

    /** One invoice's step in its own transaction; a failure is logged and leaves the rest of the run going. */
    private boolean attempt(String what, java.util.concurrent.Callable<Boolean> step) {
        try {
            return QuarkusTransaction.requiringNew().call(step);
        } catch (RuntimeException e) {
            LOG.errorf(e, "billing run: could not %s; the next run tries again", what);
            return false;
        }
    }

    /**
     * Reads the usage of every line the run may collect, and of the periods it may reconcile, a meter and period at a
     * time for all customers, instead of once per line.
     */
    private UsageQuantities.Answers prefetch(java.util.Collection<String> gatheringIds, Instant now) {
        if (gatheringIds.isEmpty()) {
            return UsageQuantities.Answers.none();
        }
        List<UsageQuantities.Question> questions = QuarkusTransaction.requiringNew().call(() -> {
            // Only reads, over every pending line of the run: without this, each query flushed (dirty-checked)
            // all the lines read before it, and the prefetch took O(lines x customers).
            lines.readOnly();
            List<UsageQuantities.Question> asked = new ArrayList<>();
            Map<String, java.util.Set<String>> customersByNamespace = new java.util.HashMap<>();
            Map<String, List<InvoiceLineEntity>> pending = lines.ofInvoices(gatheringIds);
            for (List<InvoiceLineEntity> ofInvoice : pending.values()) {
                for (InvoiceLineEntity line : ofInvoice) {
                    if (LineKind.USAGE.stored().equals(line.kind) && !ManagedBy.SYSTEM.wireName().equals(line.managedBy)
                            && !line.invoiceAt.isAfter(now)) {
                        asked.add(UsageQuantities.Question.of(line, json));
                    }
                    customersByNamespace.computeIfAbsent(line.namespace, ns -> new java.util.HashSet<>())
                            .add(line.customerId);
                }
            }
            customersByNamespace.forEach((namespace, customers) -> chunks(List.copyOf(customers), 1000)
                    .forEach(chunk -> asked.addAll(reconciliation.questions(namespace, chunk, now))));
            return asked;
        });
        return usage.prefetch(questions, now);
    }

    /** Counts a run's customers and stores the count now and then, and at the end. */
    private final class Tally {
        private final String progressId;
        private final long total;
        private long success;
        private long failed;
        private long lastReport = System.nanoTime();

        synchronized void succeeded(int count) {
            success += count;
        }

        synchronized void failed() {
            failed++;
        }

        Tally(String progressId, long total) {
            this.progressId = progressId;
            this.total = total;
        }

        synchronized void report(boolean finished) {
            long elapsed = System.nanoTime() - lastReport;
            if (!finished && elapsed < config.progressEvery().toNanos()) {
                return;
            }
            lastReport = System.nanoTime();
            progress.update(progressId, total, success, failed, finished);
            if (!finished) {
                LOG.infof("billing run %s: %d of %d customers due done (%d failed)", progressId, success + failed,
                        total, failed);
            }
        }
    }
}
