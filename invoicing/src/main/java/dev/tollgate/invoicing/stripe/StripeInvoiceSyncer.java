package dev.tollgate.invoicing.stripe;

import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.ValidationIssue;
import dev.tollgate.invoicing.store.AppEntity;
import dev.tollgate.invoicing.store.AppRepository;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.invoicing.store.StripeInvoiceSyncEntity;
import dev.tollgate.invoicing.store.StripeInvoiceSyncRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Syncs issued invoices to Stripe, one step at a time: the customer, the invoice, its lines in batches, the
 * finalization. Each step is one transaction that holds the sync's row lock ({@code SKIP LOCKED}: a second process
 * leaves it alone), makes one Stripe call with an idempotency key derived from the invoice and the step, and stores
 * what Stripe made before it commits. A process killed between any two calls resumes at the step it did not commit,
 * and repeats that call with the same key, which Stripe answers from its idempotency record instead of doing it
 * twice. Past Stripe's 24-hour record, the step looks Stripe up by metadata first.
 */
@ApplicationScoped
public class StripeInvoiceSyncer {

    private static final Logger LOG = Logger.getLogger(StripeInvoiceSyncer.class);
    public static final String INVOICE_ID = "tollgate_invoice_id";
    /** Lines per {@code add_lines} call. */
    static final int BATCH = 50;
    /** Stripe keeps idempotency records for 24 hours; an hour's margin for clocks. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(23);

    private final StripeInvoiceSyncRepository syncs;
    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final AppRepository apps;
    private final StripeAppService appService;
    private final StripeCustomerService customers;
    private final StripeGateway stripe;
    private final StripeConfig config;
    private final LineJson json;
    private final Clock clock;

    StripeInvoiceSyncer(StripeInvoiceSyncRepository syncs, InvoiceRepository invoices, InvoiceLineRepository lines,
            AppRepository apps, StripeAppService appService,
            StripeCustomerService customers, StripeGateway stripe, StripeConfig config, LineJson json, Clock clock) {
        this.syncs = syncs;
        this.invoices = invoices;
        this.lines = lines;
        this.apps = apps;
        this.appService = appService;
        this.customers = customers;
        this.stripe = stripe;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    enum Outcome { ADVANCED, WAITING, FINISHED, BUSY }

    /** Works every sync that has a step due; answers how many it finished. */
    public int syncDue() {
        List<String> due = QuarkusTransaction.requiringNew().call(() -> syncs.due(clock.instant(), 100));
        int finished = 0;
        for (String invoiceId : due) {
            finished += sync(invoiceId) == Outcome.FINISHED ? 1 : 0;
        }
        return finished;
    }

    /** Takes the invoice's sync as far as it goes now. */
    Outcome sync(String invoiceId) {
        for (int steps = 0; steps < 1_000; steps++) {
            Outcome outcome;
            try {
                outcome = QuarkusTransaction.requiringNew().call(() -> step(invoiceId));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Stripe sync of invoice %s: a step failed; it is tried again later", invoiceId);
                QuarkusTransaction.requiringNew().run(() -> syncs.tryLock(invoiceId).ifPresent(s -> later(s,
                        e.getClass().getSimpleName())));
                return Outcome.WAITING;
            }
            if (outcome != Outcome.ADVANCED) {
                return outcome;
            }
        }
        return Outcome.WAITING;
    }

    private Outcome step(String invoiceId) {
        StripeInvoiceSyncEntity sync = syncs.tryLock(invoiceId).orElse(null);
        if (sync == null) {
            return Outcome.BUSY;
        }
        StripeSyncStep step = StripeSyncStep.of(sync.step);
        Instant now = clock.instant();
        if (step.finished()) {
            return Outcome.FINISHED;
        }
        if (sync.nextAttemptAt.isAfter(now)) {
            return Outcome.WAITING;
        }
        // Locked, so that a webhook's status change and the sync's are never lost to each other.
        InvoiceEntity invoice = invoices.lock(invoiceId);
        AppEntity app = apps.findById(sync.appId);
        StripeGateway.Connection connection = appService.connection(app);
        boolean late = Duration.between(sync.stepStartedAt, now).compareTo(IDEMPOTENCY_WINDOW) > 0;
        try {
            StripeSyncStep next = switch (step) {
                case CUSTOMER -> {
                    sync.stripeCustomerId = customers.ensure(app, connection, invoice.namespace, invoice.customerId,
                            late);
                    yield StripeSyncStep.INVOICE;
                }
                case INVOICE -> {
                    sync.stripeInvoiceId = createInvoice(connection, sync, invoice, late).id();
                    invoice.externalInvoicingId = sync.stripeInvoiceId;
                    yield StripeSyncStep.LINES;
                }
                case LINES -> addLines(connection, sync, invoice, late);
                case FINALIZE -> {
                    finalizeInvoice(connection, sync, invoice, late, now);
                    yield StripeSyncStep.DONE;
                }
                default -> throw new IllegalStateException("step " + step);
            };
            if (next != step) {
                sync.step = next.stored();
                sync.stepStartedAt = now;
                sync.attempts = 0;
                sync.lastError = null;
            }
            sync.updatedAt = now;
            return next.finished() ? Outcome.FINISHED : Outcome.ADVANCED;
        } catch (StripeFailure e) {
            if (e.retryable()) {
                later(sync, "Stripe: " + e.getMessage() + (e.status() == null ? "" : " (HTTP " + e.status() + ")"));
                return Outcome.WAITING;
            }
            fail(sync, invoice, step, e, now);
            return Outcome.FINISHED;
        }
    }

    private StripeGateway.Invoice createInvoice(StripeGateway.Connection connection, StripeInvoiceSyncEntity sync,
            InvoiceEntity invoice, boolean late) {
        if (late) {
            var found = stripe.findInvoice(connection, INVOICE_ID, invoice.id);
            if (found.isPresent()) {
                return found.get();
            }
        }
        BillingWorkflow workflow = json.read(invoice.workflow, BillingWorkflow.class).complete();
        String method = workflow.payment().collectionMethod();
        Long daysUntilDue = BillingWorkflow.SEND_INVOICE.equals(method)
                ? Math.max(0, Duration.between(invoice.issuedAt, invoice.dueAt).toDays()) : null;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(INVOICE_ID, invoice.id);
        metadata.put(StripeCustomerService.NAMESPACE, invoice.namespace);
        metadata.put("tollgate_invoice_number", invoice.number);
        return stripe.createInvoice(connection, new StripeGateway.InvoiceDraft(sync.stripeCustomerId,
                invoice.currency, method, daysUntilDue, "Tollgate invoice " + invoice.number, metadata),
                "tollgate:invoice:" + invoice.id + ":create");
    }

    private StripeSyncStep addLines(StripeGateway.Connection connection, StripeInvoiceSyncEntity sync,
            InvoiceEntity invoice, boolean late) {
        List<StripeGateway.LineDraft> items = items(invoice);
        List<List<StripeGateway.LineDraft>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += BATCH) {
            batches.add(items.subList(i, Math.min(items.size(), i + BATCH)));
        }
        if (sync.batchesDone >= batches.size()) {
            return StripeSyncStep.FINALIZE;
        }
        List<StripeGateway.LineDraft> batch = batches.get(sync.batchesDone);
        String key = "tollgate:invoice:" + invoice.id + ":lines:" + sync.batchesDone;
        if (late) {
            Set<String> added = stripe.lineMetadata(connection, sync.stripeInvoiceId, StripeInvoiceItems.ITEM);
            batch = batch.stream().filter(l -> !added.contains(l.metadata().get(StripeInvoiceItems.ITEM))).toList();
            key += ":after:" + added.size();
        }
        if (!batch.isEmpty()) {
            stripe.addLines(connection, sync.stripeInvoiceId, batch, key);
        }
        sync.batchesDone++;
        return sync.batchesDone >= batches.size() ? StripeSyncStep.FINALIZE : StripeSyncStep.LINES;
    }

    private void finalizeInvoice(StripeGateway.Connection connection, StripeInvoiceSyncEntity sync,
            InvoiceEntity invoice, boolean late, Instant now) {
        BillingWorkflow workflow = json.read(invoice.workflow, BillingWorkflow.class).complete();
        StripeGateway.Invoice current = late ? stripe.invoice(connection, sync.stripeInvoiceId) : null;
        StripeGateway.Invoice finalized = current != null && !"draft".equals(current.status()) ? current
                : stripe.finalizeInvoice(connection, sync.stripeInvoiceId,
                        BillingWorkflow.CHARGE_AUTOMATICALLY.equals(workflow.payment().collectionMethod()),
                        "tollgate:invoice:" + invoice.id + ":finalize");
        invoice.externalInvoicingId = finalized.id();
        invoice.externalNumber = finalized.number();
        invoice.externalUrl = finalized.hostedUrl();
        long expected = StripeInvoiceItems.expectedTotal(items(invoice));
        long tollgate = dev.tollgate.catalog.api.pricing.PricingCurrency.of(invoice.currency)
                .toMinorUnitsLong(invoice.total);
        List<ValidationIssue> issues = new ArrayList<>();
        if (finalized.total() != tollgate) {
            issues.add(new ValidationIssue("warning", "total", "stripe_total_differs", "stripe",
                    "Stripe's total is " + finalized.total() + " in minor units, Tollgate's " + tollgate
                            + (expected != finalized.total() ? "; the lines sent came to " + expected : "")));
            LOG.warnf("Stripe invoice %s of invoice %s totals %d, Tollgate's %d", finalized.id(), invoice.id,
                    finalized.total(), tollgate);
        }
        invoice.validationIssues = json.write(issues);
        if (InvoiceStatus.ISSUING_SYNCING.wireName().equals(invoice.status)) { // else a webhook moved it on
            invoice.moveTo("paid".equals(finalized.status()) ? InvoiceStatus.PAID : InvoiceStatus.PAYMENT_PENDING,
                    now);
        }
        invoice.updatedAt = now;
        LOG.infof("invoice %s %s is Stripe invoice %s %s", invoice.id, invoice.number, finalized.id(),
                finalized.number());
    }

    private List<StripeGateway.LineDraft> items(InvoiceEntity invoice) {
        List<StripeInvoiceItems.Source> sources = new ArrayList<>();
        for (InvoiceLineEntity line : lines.ofInvoice(invoice.id)) {
            sources.add(new StripeInvoiceItems.Source(line.id, line.name, line.periodFrom, line.periodTo,
                    json.charges(line), line.total));
        }
        return StripeInvoiceItems.of(invoice.currency, sources);
    }

    private void later(StripeInvoiceSyncEntity sync, String error) {
        Instant now = clock.instant();
        sync.attempts++;
        long factor = 1L << Math.min(20, sync.attempts - 1);
        Duration backoff = config.firstBackoff().multipliedBy(factor);
        if (backoff.compareTo(config.maxBackoff()) > 0) {
            backoff = config.maxBackoff();
        }
        // Jitter, so that processes and invoices that failed together do not retry together.
        backoff = backoff.plusMillis(java.util.concurrent.ThreadLocalRandom.current()
                .nextLong(Math.max(1, backoff.toMillis() / 5)));
        sync.nextAttemptAt = now.plus(backoff);
        sync.lastError = error;
        sync.updatedAt = now;
        LOG.warnf("Stripe sync of invoice %s, step %s: %s; attempt %d again at %s", sync.invoiceId, sync.step, error,
                sync.attempts + 1, sync.nextAttemptAt);
    }

    private void fail(StripeInvoiceSyncEntity sync, InvoiceEntity invoice, StripeSyncStep step, StripeFailure e,
            Instant now) {
        sync.step = StripeSyncStep.FAILED.stored();
        sync.lastError = "Stripe: " + e.getMessage();
        sync.updatedAt = now;
        invoice.status = InvoiceStatus.ISSUING_FAILED.wireName();
        invoice.validationIssues = json.write(List.of(new ValidationIssue("critical", "stripe." + step.stored(),
                e.code() == null ? "stripe_error" : e.code(), "stripe", "Stripe refused the " + step.stored()
                        + " step (HTTP " + e.status() + "): " + e.getMessage())));
        invoice.updatedAt = now;
        LOG.errorf("Stripe sync of invoice %s failed at step %s (HTTP %s): %s; retry it once fixed", invoice.id,
                step.stored(), e.status(), e.getMessage());
    }
}
