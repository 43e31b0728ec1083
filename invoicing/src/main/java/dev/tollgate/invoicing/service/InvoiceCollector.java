package dev.tollgate.invoicing.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingWorkflow;
import dev.tollgate.invoicing.domain.CustomerBilling;
import dev.tollgate.invoicing.domain.InvoiceLifecycle;
import dev.tollgate.invoicing.domain.InvoiceNumbers;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.LineIds;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import dev.tollgate.invoicing.domain.ValidationIssue;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.meters.api.Aggregation;
import dev.tollgate.meters.api.Meters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Closes due lines into an invoice: the heart of the billing run. Under the gathering invoice's lock, in the caller's
 * transaction (one per invoice, or one per chunk of a run): the lines move, their usage is snapshotted and priced,
 * late usage of earlier periods is reconciled, and the draft is issued when the workflow says so, all or nothing. A
 * second process that reaches the same gathering invoice skips it or waits for the lock and then finds nothing left
 * to collect, and a process killed in the middle leaves nothing behind but the lines, still gathering, for the next
 * run.
 */
@ApplicationScoped
public class InvoiceCollector {

    private static final Logger LOG = Logger.getLogger(InvoiceCollector.class);

    /** Which lines to collect, and how. */
    public record Selection(Instant asOf, Predicate<InvoiceLineEntity> chosen, Boolean progressive,
            boolean scheduled, boolean preview, Map<String, CustomerBilling> billing) {

        /**
         * The billing run: every line whose collection time, with the workflow's interval, has passed.
         *
         * @param billing how each customer due is billed, read by the run in bulk as of its start
         */
        public static Selection due(Instant now, Map<String, CustomerBilling> billing) {
            return new Selection(now, line -> true, false, true, false, billing);
        }

        /** What invoicing now would make, as a draft that is never issued (nor numbered): a preview. */
        public static Selection preview(Instant now) {
            return new Selection(now, line -> true, null, false, true, Map.of());
        }

        /**
         * Invoicing now: the chosen lines due by {@code asOf}, and, when progressive billing applies, the part of
         * periods under way up to {@code asOf}.
         *
         * @param progressive overrides the workflow's progressive billing setting; null keeps it
         */
        public static Selection now(Instant asOf, Predicate<InvoiceLineEntity> chosen, Boolean progressive) {
            return new Selection(asOf, chosen, progressive, false, false, Map.of());
        }
    }

    private static final java.util.Set<Aggregation> PROGRESSIVE = java.util.EnumSet.of(Aggregation.SUM,
            Aggregation.COUNT, Aggregation.MAX, Aggregation.UNIQUE_COUNT);

    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final CustomerBillingService billing;
    private final LinePricer pricer;
    private final Reconciliation reconciliation;
    private final InvoiceIssuer issuer;
    private final LineJson json;
    private final Meters meters;

    InvoiceCollector(InvoiceRepository invoices, InvoiceLineRepository lines, CustomerBillingService billing,
            LinePricer pricer, Reconciliation reconciliation, InvoiceIssuer issuer,
            LineJson json, Meters meters) {
        this.meters = meters;
        this.invoices = invoices;
        this.lines = lines;
        this.billing = billing;
        this.pricer = pricer;
        this.reconciliation = reconciliation;
        this.issuer = issuer;
        this.json = json;
    }

    /**
     * Collects the gathering invoice's selected lines into a new invoice and answers its id; empty when nothing is
     * due, or when another process holds the gathering invoice (it is collecting it).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<String> collect(String gatheringId, Selection selection, UsageQuantities.Answers answers,
            Instant now) {
        return collectInCaller(gatheringId, selection, answers, now);
    }

    /**
     * Collects several gathering invoices in one transaction, all or nothing, and answers the ids of the invoices
     * made: a billing run commits, and takes invoice numbers, once per chunk instead of once per customer. A caller
     * whose chunk fails collects its gathering invoices one at a time.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<String> collectAll(List<String> gatheringIds, Selection selection, UsageQuantities.Answers answers,
            Instant now) {
        List<String> made = new ArrayList<>();
        List<String> toIssue = new ArrayList<>();
        for (String gatheringId : gatheringIds) {
            gather(gatheringId, selection, answers, now).ifPresent(collected -> {
                made.add(collected.invoice().id);
                if (collected.issue()) {
                    toIssue.add(collected.invoice().id);
                }
            });
            // Written, and let go: otherwise every later query dirty-checks every line collected before it (the
            // rows stay locked until the commit).
            lines.flush();
            lines.getEntityManager().clear();
        }
        issuer.issue(invoices.byIds(toIssue).stream()
                .sorted(java.util.Comparator.comparing(i -> toIssue.indexOf(i.id))).toList(), now);
        return made;
    }

    /** {@link #collect} in the caller's transaction: a preview rolls it back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> collectInCaller(String gatheringId, Selection selection, UsageQuantities.Answers answers,
            Instant now) {
        Optional<Collected> collected = gather(gatheringId, selection, answers, now);
        collected.filter(Collected::issue).ifPresent(c -> issuer.issue(c.invoice(), now));
        return collected.map(c -> c.invoice().id);
    }

    /** An invoice made from a gathering invoice's lines, and whether the workflow issues it at once. */
    private record Collected(InvoiceEntity invoice, boolean issue) {
    }

    private Optional<Collected> gather(String gatheringId, Selection selection, UsageQuantities.Answers answers,
            Instant now) {
        Optional<InvoiceEntity> locked = selection.scheduled() ? invoices.tryLock(gatheringId)
                : Optional.ofNullable(invoices.lock(gatheringId));
        if (locked.isEmpty() || !InvoiceStatus.GATHERING.wireName().equals(locked.get().status)) {
            return Optional.empty();
        }
        InvoiceEntity gathering = locked.get();
        CustomerBilling customer = selection.billing().get(gathering.customerId);
        if (customer == null) {
            customer = billing.effective(gathering.namespace, List.of(gathering.customerId)).get(gathering.customerId);
        }
        BillingWorkflow workflow = customer.workflow();
        List<InvoiceLineEntity> pending = new ArrayList<>(lines.ofInvoice(gathering.id));
        boolean progressive = !selection.scheduled()
                && java.util.Objects.requireNonNullElse(selection.progressive(), workflow.progressiveBilling());
        List<InvoiceLineEntity> due = due(pending, workflow, selection, progressive, now);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        InvoiceEntity invoice = newInvoice(gathering, customer, now);
        invoices.persist(invoice);
        List<ValidationIssue> issues = new ArrayList<>();
        for (InvoiceLineEntity line : due) {
            if (splits(line, selection.asOf(), progressive)) {
                pending.add(split(line, gathering, selection.asOf(), now));
            }
            line.invoiceId = invoice.id;
            line.updatedAt = now;
            if (!ManagedBy.SYSTEM.wireName().equals(line.managedBy)) {
                price(line, pending, answers, now, issues);
            }
        }
        lines.flush();
        reconciliation.reconcile(invoice, answers, now);
        lines.flush();
        boolean issue = settle(invoice, workflow, issues, !selection.preview(), now);
        return Optional.of(new Collected(invoice, issue));
    }

    /** The lines to collect: due ones with their adjustments riding along, none if only adjustments are due. */
    private List<InvoiceLineEntity> due(List<InvoiceLineEntity> pending, BillingWorkflow workflow,
            Selection selection, boolean progressive, Instant now) {
        List<InvoiceLineEntity> regular = new ArrayList<>();
        List<InvoiceLineEntity> riding = new ArrayList<>();
        for (InvoiceLineEntity line : pending) {
            if (!selection.chosen().test(line)) {
                continue;
            }
            boolean ridesAlong = ManagedBy.SYSTEM.wireName().equals(line.managedBy)
                    && LineKind.USAGE.stored().equals(line.kind);
            if (ridesAlong) {
                riding.add(line);
            } else if (selection.scheduled()) {
                Instant collectAt = workflow.collectionInterval().after(workflow.collectionTime(line.invoiceAt));
                if (!collectAt.isAfter(now)) {
                    regular.add(line);
                }
            } else if (!line.invoiceAt.isAfter(selection.asOf()) || splits(line, selection.asOf(), progressive)) {
                regular.add(line);
            }
        }
        if (regular.isEmpty()) {
            return List.of();
        }
        regular.addAll(riding);
        return regular;
    }

    /**
     * A usage line whose period is under way when invoicing now with progressive billing: its start is billed. A
     * line under way that cannot be split waits for its period to end.
     */
    private boolean splits(InvoiceLineEntity line, Instant asOf, boolean progressive) {
        // One-off usage lines are billed whole: only a subscription's periods are split and settled by their last
        // segment.
        return progressive && LineKind.USAGE.stored().equals(line.kind)
                && ManagedBy.SUBSCRIPTION.wireName().equals(line.managedBy)
                && UsageQuantities.floor(asOf).isAfter(line.periodFrom) && line.periodTo.isAfter(asOf)
                && progressiveAllowed(line);
    }

    /** OpenMeter bills a period progressively only when its usage to date never shrinks. */
    private boolean progressiveAllowed(InvoiceLineEntity line) {
        return meters.findLive(line.namespace, line.meterSlug).map(m -> PROGRESSIVE.contains(m.aggregation()))
                .orElse(false);
    }

    /**
     * Cuts the line at {@code asOf}: it keeps the start, and a new segment, which this answers, stays gathering for
     * the rest.
     */
    private InvoiceLineEntity split(InvoiceLineEntity line, InvoiceEntity gathering, Instant asOf, Instant now) {
        Instant cut = UsageQuantities.floor(asOf);
        InvoiceLineEntity rest = copy(line, LineIds.segment(line.id, cut), gathering.id, now);
        rest.periodFrom = cut;
        lines.persist(rest);
        line.periodTo = cut;
        return rest;
    }

    private void price(InvoiceLineEntity line, List<InvoiceLineEntity> pending, UsageQuantities.Answers answers,
            Instant now, List<ValidationIssue> issues) {
        try {
            if (LineKind.USAGE.stored().equals(line.kind)) {
                UsageSnapshot snapshot = pricer.quantify(line, answers, now);
                // The rest of a period split before stays gathering, with the lines still pending.
                if (line.subscriptionId != null) {
                    pending.stream().filter(next -> line.subscriptionId.equals(next.subscriptionId)
                            && line.itemKey.equals(next.itemKey) && line.periodIndex.equals(next.periodIndex)
                            && line.periodTo.equals(next.periodFrom)
                            && ManagedBy.SUBSCRIPTION.wireName().equals(next.managedBy))
                            .findFirst().ifPresent(next -> next.preLinePeriodQuantity = snapshot.quantity());
                }
            }
            pricer.price(line);
        } catch (RuntimeException e) {
            LOG.warnf("line %s of invoice %s cannot be priced: %s", line.id, line.invoiceId, e.getMessage());
            issues.add(ValidationIssue.critical("lines/" + line.id, "line_not_priced",
                    "line '" + line.name + "' cannot be priced: " + e.getMessage()));
            pricer.setCharges(line, LineCharges.NONE);
        }
    }

    /**
     * Totals, period and status; answers whether to issue it at once, which the workflow says when it auto-advances
     * without a review period.
     */
    private boolean settle(InvoiceEntity invoice, BillingWorkflow workflow, List<ValidationIssue> issues,
            boolean mayIssue, Instant now) {
        List<InvoiceLineEntity> collected = lines.ofInvoice(invoice.id);
        LinePricer.total(invoice, collected);
        invoice.periodFrom = collected.stream().map(l -> l.periodFrom).min(Comparator.naturalOrder()).orElse(null);
        invoice.periodTo = collected.stream().map(l -> l.periodTo).max(Comparator.naturalOrder()).orElse(null);
        invoice.validationIssues = json.write(issues);
        invoice.collectionAt = now;
        invoice.quantitySnapshottedAt = now;
        invoice.updatedAt = now;
        if (!issues.isEmpty()) {
            invoice.status = InvoiceStatus.DRAFT_INVALID.wireName();
            return false;
        }
        invoice.status = InvoiceLifecycle.draftStatus(workflow.autoAdvance()).wireName();
        invoice.draftUntil = workflow.draftPeriod().after(now);
        return mayIssue && workflow.autoAdvance() && !invoice.draftUntil.isAfter(now);
    }

    private InvoiceEntity newInvoice(InvoiceEntity gathering, CustomerBilling customer, Instant now) {
        InvoiceEntity invoice = new InvoiceEntity();
        invoice.id = UlidCreator.getMonotonicUlid().toString();
        invoice.namespace = gathering.namespace;
        invoice.customerId = gathering.customerId;
        invoice.currency = gathering.currency;
        invoice.status = InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL.wireName();
        invoice.number = InvoiceNumbers.draft(invoice.id);
        invoice.profileId = customer.profile().id();
        invoice.workflow = json.write(customer.workflow());
        invoice.supplier = json.write(customer.profile().supplier());
        invoice.customer = json.write(BillingParty.of(customer.customer()));
        invoice.metadata = "{}";
        invoice.validationIssues = "[]";
        invoice.amount = BigDecimal.ZERO;
        invoice.chargesTotal = BigDecimal.ZERO;
        invoice.discountsTotal = BigDecimal.ZERO;
        invoice.total = BigDecimal.ZERO;
        invoice.createdAt = now;
        invoice.updatedAt = now;
        return invoice;
    }

    static InvoiceLineEntity copy(InvoiceLineEntity line, String id, String invoiceId, Instant now) {
        InvoiceLineEntity c = new InvoiceLineEntity();
        c.id = id;
        c.namespace = line.namespace;
        c.invoiceId = invoiceId;
        c.customerId = line.customerId;
        c.usageCustomerId = line.usageCustomerId;
        c.currency = line.currency;
        c.managedBy = line.managedBy;
        c.kind = line.kind;
        c.name = line.name;
        c.description = line.description;
        c.metadata = line.metadata;
        c.periodFrom = line.periodFrom;
        c.periodTo = line.periodTo;
        c.invoiceAt = line.invoiceAt;
        c.subscriptionId = line.subscriptionId;
        c.phaseKey = line.phaseKey;
        c.phaseId = line.phaseId;
        c.itemKey = line.itemKey;
        c.itemId = line.itemId;
        c.periodIndex = line.periodIndex;
        c.billingPeriodFrom = line.billingPeriodFrom;
        c.billingPeriodTo = line.billingPeriodTo;
        c.rateCard = line.rateCard;
        c.featureKey = line.featureKey;
        c.meterSlug = line.meterSlug;
        c.meterGroupByFilters = line.meterGroupByFilters;
        c.proration = line.proration;
        c.preLinePeriodQuantity = line.preLinePeriodQuantity;
        c.amount = BigDecimal.ZERO;
        c.chargesTotal = BigDecimal.ZERO;
        c.discountsTotal = BigDecimal.ZERO;
        c.total = BigDecimal.ZERO;
        c.adjustsLineId = line.adjustsLineId;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }
}
