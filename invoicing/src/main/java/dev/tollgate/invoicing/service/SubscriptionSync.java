package dev.tollgate.invoicing.service;

import dev.tollgate.catalog.api.BillableItem;
import dev.tollgate.catalog.api.BillableSubscription;
import dev.tollgate.catalog.api.SubscriptionBilling;
import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.LineIds;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.invoicing.store.SubscriptionSyncEntity;
import dev.tollgate.invoicing.store.SubscriptionSyncRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps each subscription's lines in step with the subscription: one line per priced rate card and billing period
 * that has started, in the gathering invoice of the customer billed, with an id derived from subscription, phase,
 * item and period index, so that syncing again changes lines in place and never makes a second.
 *
 * <p>A period already invoiced is never changed: when a change or cancellation cuts it afterwards, a flat fee's
 * difference becomes an adjustment line, and a usage period a placeholder that the next invoice fills with the
 * difference in usage (see {@link Reconciliation}).
 */
@ApplicationScoped
public class SubscriptionSync {

    private final SubscriptionBilling subscriptions;
    private final SubscriptionSyncRepository syncs;
    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final SyncChunkReader reader;
    private final LinePricer pricer;
    private final LineJson json;
    private final IngestTopic ingest;

    SubscriptionSync(SubscriptionBilling subscriptions, SubscriptionSyncRepository syncs, InvoiceRepository invoices,
            InvoiceLineRepository lines, SyncChunkReader reader, LinePricer pricer, LineJson json,
            IngestTopic ingest) {
        this.subscriptions = subscriptions;
        this.syncs = syncs;
        this.invoices = invoices;
        this.lines = lines;
        this.reader = reader;
        this.pricer = pricer;
        this.json = json;
        this.ingest = ingest;
    }

    /**
     * The subscriptions that changed or started a new period since they were last synced. Subscriptions that ended
     * are looked at until a clean run after their end has synced them, and for the lateness window after it: a
     * subscription that ended while no run could see it (the service was down) is still billed.
     *
     * @param lastCleanRun when the last run without failures started; null when none has
     */
    @Transactional
    public List<BillableSubscription> due(Instant now, Instant lastCleanRun) {
        Instant seen = lastCleanRun == null ? Instant.EPOCH : lastCleanRun.isBefore(now) ? lastCleanRun : now;
        List<BillableSubscription> running = subscriptions.running(now, seen.minus(ingest.lateness()));
        Map<String, SubscriptionSyncEntity> rows = syncs.of(running.stream().map(BillableSubscription::id).toList());
        return running.stream().filter(s -> needsSync(s, rows.get(s.id()), now)).toList();
    }

    /** The customer's subscriptions, for an action that needs its lines current (invoice now, preview). */
    @Transactional
    public List<BillableSubscription> ofCustomer(String namespace, String customerId, Instant now) {
        return subscriptions.running(now, now.minus(ingest.lateness())).stream()
                .filter(s -> s.namespace().equals(namespace) && s.customerId().equals(customerId)).toList();
    }

    /**
     * Turns several subscriptions into lines in one transaction, which saves a run a commit and a fresh persistence
     * context per subscription, and reads what they need in bulk. All or nothing: a caller whose chunk fails syncs
     * its subscriptions one at a time.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void syncAll(List<BillableSubscription> chunk, Instant now) {
        Map<String, List<BillableSubscription>> byNamespace = new java.util.LinkedHashMap<>();
        chunk.forEach(s -> byNamespace.computeIfAbsent(s.namespace(), ns -> new java.util.ArrayList<>()).add(s));
        byNamespace.forEach((namespace, listed) -> syncInCaller(reader.read(namespace, listed, now), now));
    }

    /** Turns one subscription into lines as of {@code now}, in its own transaction; a no-op if it is current. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void sync(BillableSubscription listed, Instant now) {
        syncInCaller(reader.read(listed.namespace(), List.of(listed), now), now);
    }

    private void syncInCaller(SyncChunkReader.Chunk chunk, Instant now) {
        for (BillableSubscription subscription : chunk.due) {
            syncInCaller(subscription, chunk, now);
        }
    }

    private void syncInCaller(BillableSubscription subscription, SyncChunkReader.Chunk chunk, Instant now) {
        SubscriptionSyncEntity row = chunk.rows.get(subscription.id());
        boolean changed = !subscription.updatedAt().equals(row.subscriptionUpdatedAt)
                || Instant.EPOCH.equals(row.syncedUntil);
        List<BillableItem> items = chunk.items.getOrDefault(subscription.id(), List.of());
        String billed = chunk.billed.get(subscription.customerId());
        List<InvoiceLineEntity> subscriptionLines = chunk.lines.getOrDefault(subscription.id(), List.of());
        Map<String, List<InvoiceLineEntity>> byPeriod = new HashMap<>();
        for (InvoiceLineEntity line : subscriptionLines) {
            if (line.periodIndex != null) {
                byPeriod.computeIfAbsent(periodKey(line.itemKey, line.periodIndex), k -> new java.util.ArrayList<>())
                        .add(line);
            }
        }
        for (BillableItem item : items) {
            if (changed || !item.from().isBefore(row.syncedUntil)) {
                List<InvoiceLineEntity> period = byPeriod.getOrDefault(periodKey(item.itemKey(), item.periodIndex()),
                        List.of());
                apply(billed, item, period, chunk, now);
            }
        }
        if (changed && !Instant.EPOCH.equals(row.syncedUntil)) {
            // A first sync has no lines to orphan; the lines read before apply() are all an orphan can be, since
            // apply() only adds lines to periods that still exist.
            removeOrphans(billed, items, subscriptionLines, chunk, now);
        }
        row.syncedUntil = now;
        row.subscriptionUpdatedAt = subscription.updatedAt();
        row.nextSyncAt = items.stream().map(BillableItem::to).filter(to -> to.isAfter(now)).min(Instant::compareTo)
                .orElse(null);
    }

    static boolean needsSync(BillableSubscription s, SubscriptionSyncEntity row, Instant now) {
        return row == null || Instant.EPOCH.equals(row.syncedUntil) || !s.updatedAt().equals(row.subscriptionUpdatedAt)
                || (row.nextSyncAt != null && !now.isBefore(row.nextSyncAt));
    }

    private static String periodKey(String itemKey, int periodIndex) {
        return itemKey + "#" + periodIndex;
    }

    /**
     * Puts one rate card's period into lines: a new line, the gathering one updated, or an adjustment.
     *
     * @param period the period's live lines, ordered by start
     */
    private void apply(String billed, BillableItem item, List<InvoiceLineEntity> period,
            SyncChunkReader.Chunk chunk, Instant now) {
        Map<String, InvoiceStatus> statuses = statusesOf(period);
        List<InvoiceLineEntity> segments = period.stream()
                .filter(l -> ManagedBy.SUBSCRIPTION.wireName().equals(l.managedBy)).toList();
        Optional<InvoiceLineEntity> open = segments.stream()
                .filter(l -> statuses.get(l.invoiceId) == InvoiceStatus.GATHERING).findFirst();
        if (segments.isEmpty()) {
            InvoiceEntity invoice = chunk.gathering(billed, item.currency());
            InvoiceLineEntity line = new InvoiceLineEntity();
            line.id = LineIds.subscriptionLine(item.subscriptionId(), item.phaseKey(), item.itemKey(),
                    item.periodIndex(), item.from());
            line.namespace = invoice.namespace;
            line.invoiceId = invoice.id;
            line.customerId = billed;
            line.usageCustomerId = item.customerId();
            line.currency = item.currency();
            line.managedBy = ManagedBy.SUBSCRIPTION.wireName();
            line.periodFrom = item.from();
            line.preLinePeriodQuantity = BigDecimal.ZERO;
            line.metadata = "{}";
            line.amount = BigDecimal.ZERO;
            line.chargesTotal = BigDecimal.ZERO;
            line.discountsTotal = BigDecimal.ZERO;
            line.total = BigDecimal.ZERO;
            line.createdAt = now;
            describe(line, item, now);
            lines.persist(line);
        } else if (open.isPresent()) {
            InvoiceLineEntity line = open.get();
            if (!line.periodFrom.isBefore(item.to())) {
                line.deletedAt = now; // the period now ends before what was left of it began
                line.updatedAt = now;
                if (item.kind() == BillableItem.Kind.USAGE && segments.size() > 1) {
                    // Its invoiced start may have counted usage now past the end: settle it on the next invoice.
                    placeholder(billed, period, statuses, item.from(), item.to(), chunk, now);
                }
            } else {
                describe(line, item, now);
            }
        } else if (segments.stream().allMatch(l -> statuses.get(l.invoiceId) == InvoiceStatus.VOIDED)) {
            return; // voided and discarded: the period is written off, not billed again
        } else if (item.kind() == BillableItem.Kind.FLAT_FEE) {
            adjustFlatFee(billed, item, period, statuses, chunk, now);
        } else if (!item.to().equals(segments.get(segments.size() - 1).billingPeriodTo)) {
            placeholder(billed, period, statuses, item.from(), item.to(), chunk, now);
        }
    }

    /** What the line says about its rate card and period; the period's start and what was billed stay. */
    private void describe(InvoiceLineEntity line, BillableItem item, Instant now) {
        line.kind = item.kind() == BillableItem.Kind.FLAT_FEE ? LineKind.FLAT_FEE.stored() : LineKind.USAGE.stored();
        line.name = item.name();
        line.periodTo = item.to();
        line.invoiceAt = item.invoiceAt();
        line.subscriptionId = item.subscriptionId();
        line.phaseKey = item.phaseKey();
        line.phaseId = item.phaseId();
        line.itemKey = item.itemKey();
        line.itemId = item.itemId();
        line.periodIndex = item.periodIndex();
        line.billingPeriodFrom = item.from();
        line.billingPeriodTo = item.to();
        line.rateCard = json.write(item.rateCard());
        line.featureKey = item.featureKey();
        line.meterSlug = item.meterSlug();
        line.meterGroupByFilters = json.write(item.meterGroupByFilters());
        line.proration = item.proration();
        line.updatedAt = now;
    }

    /** A flat fee invoiced before its period was cut: the difference is an adjustment on the next invoice. */
    private void adjustFlatFee(String billed, BillableItem item, List<InvoiceLineEntity> period,
            Map<String, InvoiceStatus> statuses, SyncChunkReader.Chunk chunk, Instant now) {
        LineCharges owed = pricer.flatFee(item.pricing(), item.proration());
        LineCharges charged = billedCharges(period, statuses);
        LineCharges difference = owed.minus(charged);
        if (difference.totals().total().signum() == 0 && difference.charges().isEmpty()) {
            return;
        }
        InvoiceLineEntity adjustment = pendingAdjustment(billed, period, statuses, chunk, now);
        adjustment.kind = LineKind.FLAT_FEE.stored();
        // Due when the change took effect, so the credit goes out with the first invoice after it.
        adjustment.invoiceAt = item.to().isBefore(now) ? item.to() : now;
        adjustment.billingPeriodFrom = item.from();
        adjustment.billingPeriodTo = item.to();
        adjustment.proration = item.proration();
        pricer.setCharges(adjustment, json.charges(adjustment).plus(difference));
    }

    /**
     * A usage period invoiced before its period changed: a placeholder adjustment carries the period's new bounds,
     * and the next invoice fills in the difference between what the meter counts for them and what was billed.
     */
    private void placeholder(String billed, List<InvoiceLineEntity> period, Map<String, InvoiceStatus> statuses,
            Instant from, Instant to, SyncChunkReader.Chunk chunk, Instant now) {
        InvoiceLineEntity adjustment = pendingAdjustment(billed, period, statuses, chunk, now);
        adjustment.kind = LineKind.USAGE.stored();
        adjustment.billingPeriodFrom = from;
        adjustment.billingPeriodTo = to;
        adjustment.quantity = null;
    }

    /** The period's pending adjustment, made if absent: at most one waits in the gathering invoice at a time. */
    private InvoiceLineEntity pendingAdjustment(String billed, List<InvoiceLineEntity> period,
            Map<String, InvoiceStatus> statuses, SyncChunkReader.Chunk chunk, Instant now) {
        InvoiceLineEntity base = period.get(0);
        Optional<InvoiceLineEntity> pending = period.stream()
                .filter(l -> ManagedBy.SYSTEM.wireName().equals(l.managedBy)
                        && statuses.get(l.invoiceId) == InvoiceStatus.GATHERING).findFirst();
        if (pending.isPresent()) {
            pending.get().updatedAt = now;
            return pending.get();
        }
        long made = period.stream().filter(l -> ManagedBy.SYSTEM.wireName().equals(l.managedBy)).count();
        InvoiceEntity invoice = chunk.gathering(billed, base.currency);
        InvoiceLineEntity adjustment = Adjustments.of(base, LineIds.adjustment(base.id, base.billingPeriodFrom,
                (int) made + 1), invoice.id, billed, now);
        lines.persist(adjustment);
        return adjustment;
    }

    /** Lines of periods that no longer exist (a change or cancellation moved the end back): unbilled or reversed. */
    private void removeOrphans(String billed, List<BillableItem> items, List<InvoiceLineEntity> all,
            SyncChunkReader.Chunk chunk, Instant now) {
        Set<String> live = new HashSet<>();
        items.forEach(i -> live.add(i.itemKey() + "#" + i.periodIndex()));
        Map<String, List<InvoiceLineEntity>> byPeriod = all.stream().filter(l -> l.periodIndex != null)
                .collect(Collectors.groupingBy(l -> l.itemKey + "#" + l.periodIndex));
        for (Map.Entry<String, List<InvoiceLineEntity>> entry : byPeriod.entrySet()) {
            if (live.contains(entry.getKey())) {
                continue;
            }
            List<InvoiceLineEntity> period = entry.getValue();
            Map<String, InvoiceStatus> statuses = statusesOf(period);
            boolean invoiced = period.stream().anyMatch(l -> statuses.get(l.invoiceId) != InvoiceStatus.GATHERING
                    && statuses.get(l.invoiceId) != InvoiceStatus.VOIDED);
            for (InvoiceLineEntity line : period) {
                if (statuses.get(line.invoiceId) == InvoiceStatus.GATHERING) {
                    line.deletedAt = now;
                    line.updatedAt = now;
                }
            }
            if (!invoiced) {
                continue;
            }
            InvoiceLineEntity base = period.get(0);
            if (LineKind.FLAT_FEE.stored().equals(base.kind)) {
                InvoiceLineEntity reversal = pendingAdjustment(billed, period, statuses, chunk, now);
                reversal.deletedAt = null;
                reversal.kind = LineKind.FLAT_FEE.stored();
                pricer.setCharges(reversal, LineCharges.NONE.minus(billedCharges(period, statuses)));
            } else {
                placeholder(billed, period, statuses, base.billingPeriodFrom, base.billingPeriodFrom, chunk,
                        now);
            }
        }
    }

    /** What the period's lines on invoices that stand (not gathering, not voided) charged, together. */
    static LineCharges billedCharges(List<InvoiceLineEntity> period, Map<String, InvoiceStatus> statuses,
            LineJson json) {
        LineCharges total = LineCharges.NONE;
        for (InvoiceLineEntity line : period) {
            InvoiceStatus status = statuses.get(line.invoiceId);
            if (status != InvoiceStatus.GATHERING && status != InvoiceStatus.VOIDED
                    && status != InvoiceStatus.DELETED) {
                total = total.plus(json.charges(line));
            }
        }
        return total;
    }

    private LineCharges billedCharges(List<InvoiceLineEntity> period, Map<String, InvoiceStatus> statuses) {
        return billedCharges(period, statuses, json);
    }

    private Map<String, InvoiceStatus> statusesOf(List<InvoiceLineEntity> period) {
        Map<String, InvoiceStatus> statuses = new HashMap<>();
        for (InvoiceLineEntity line : period) {
            statuses.computeIfAbsent(line.invoiceId, id -> invoices.findByIdOptional(id)
                    .flatMap(i -> InvoiceStatus.ofWireName(i.status)).orElse(InvoiceStatus.DELETED));
        }
        return statuses;
    }
}
