package dev.tollgate.invoicing.service;

import dev.tollgate.catalog.api.BillableItem;
import dev.tollgate.catalog.api.BillableSubscription;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.SubscriptionBilling;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.SubscriptionSyncEntity;
import dev.tollgate.invoicing.store.SubscriptionSyncRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Locks and reads what the syncs of a chunk of one namespace's subscriptions need, a few statements for the whole
 * chunk instead of a dozen per subscription: a billing run's sync phase was made of those round trips. The locks are
 * taken in the order a single sync takes them (sync rows, then gathering invoices, each in id order), before any line
 * is read.
 */
@ApplicationScoped
class SyncChunkReader {

    private final SubscriptionBilling subscriptions;
    private final BillingCustomers customers;
    private final SubscriptionSyncRepository syncs;
    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final GatheringInvoices gathering;

    SyncChunkReader(SubscriptionBilling subscriptions, BillingCustomers customers, SubscriptionSyncRepository syncs,
            InvoiceRepository invoices, InvoiceLineRepository lines, GatheringInvoices gathering) {
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.syncs = syncs;
        this.invoices = invoices;
        this.lines = lines;
        this.gathering = gathering;
    }

    /** What one chunk's syncs work on, read under the chunk's locks. */
    final class Chunk {
        final Map<String, SubscriptionSyncEntity> rows;
        /** The live subscriptions that still need a sync once their rows are locked, in the chunk's order. */
        final List<BillableSubscription> due;
        final Map<String, List<BillableItem>> items;
        /** The customer billed for each subscription's customer: itself, or a consolidating ancestor. */
        final Map<String, String> billed;
        final Map<String, List<InvoiceLineEntity>> lines;
        private final String namespace;
        private final Map<String, InvoiceEntity> gatheringInvoices;

        private Chunk(String namespace, Map<String, SubscriptionSyncEntity> rows, List<BillableSubscription> due,
                Map<String, List<BillableItem>> items, Map<String, String> billed,
                Map<String, List<InvoiceLineEntity>> lines, Map<String, InvoiceEntity> gatheringInvoices) {
            this.namespace = namespace;
            this.rows = rows;
            this.due = due;
            this.items = items;
            this.billed = billed;
            this.lines = lines;
            this.gatheringInvoices = gatheringInvoices;
        }

        /** The billed customer's gathering invoice in the currency, locked, made if absent. */
        InvoiceEntity gathering(String billedCustomerId, String currency) {
            return gatheringInvoices.computeIfAbsent(GatheringInvoices.key(billedCustomerId, currency),
                    key -> gathering.lockedFor(namespace, billedCustomerId, currency));
        }
    }

    Chunk read(String namespace, List<BillableSubscription> listed, Instant now) {
        Set<String> ids = new LinkedHashSet<>();
        listed.forEach(s -> ids.add(s.id()));
        Map<String, SubscriptionSyncEntity> rows = syncs.lock(namespace, ids);
        Map<String, BillableSubscription> current = subscriptions.find(namespace, ids);
        // Deleted before they started: they never had lines. Synced by another process while this one waited for
        // the locks: nothing left to do.
        List<BillableSubscription> due = ids.stream().map(current::get)
                .filter(s -> s != null && SubscriptionSync.needsSync(s, rows.get(s.id()), now)).toList();
        Map<String, List<BillableItem>> items = subscriptions.items(due, now);
        Map<String, String> billed = billedCustomers(namespace, due);
        // Only a sync makes a subscription's lines, so a first sync has none to lock or read.
        List<String> withLines = due.stream().filter(s -> !Instant.EPOCH.equals(rows.get(s.id()).syncedUntil))
                .map(BillableSubscription::id).toList();
        invoices.lockGatheringOfSubscriptions(namespace, new HashSet<>(billed.values()), withLines);
        Map<String, List<InvoiceLineEntity>> bySubscription = linesToSync(due, rows, items);
        Map<String, InvoiceEntity> gatheringInvoices = gatheringInvoices(namespace, due, rows, items, billed);
        // The invoices the lines are on, into the persistence context: a sync looks up each one's status.
        Set<String> invoiceIds = new HashSet<>();
        bySubscription.values().forEach(ls -> ls.forEach(l -> invoiceIds.add(l.invoiceId)));
        gatheringInvoices.values().forEach(i -> invoiceIds.remove(i.id));
        invoices.byIds(invoiceIds);
        return new Chunk(namespace, rows, due, items, billed, bySubscription, gatheringInvoices);
    }

    /**
     * The lines a sync reads: every line of a subscription changed since its last sync (its periods are all worked
     * out again, and orphans removed), but of an unchanged one only the lines of the periods that started since (the
     * only ones a sync touches then). A subscription a year old has a year of lines; reading them all on every cycle
     * made billing runs slower month after month.
     */
    private Map<String, List<InvoiceLineEntity>> linesToSync(List<BillableSubscription> due,
            Map<String, SubscriptionSyncEntity> rows, Map<String, List<BillableItem>> items) {
        List<String> changed = new ArrayList<>();
        Set<String> unchanged = new LinkedHashSet<>();
        Set<Integer> newPeriods = new HashSet<>();
        for (BillableSubscription s : due) {
            SubscriptionSyncEntity row = rows.get(s.id());
            if (Instant.EPOCH.equals(row.syncedUntil)) {
                continue; // only a sync makes a subscription's lines: a first sync has none
            }
            if (!s.updatedAt().equals(row.subscriptionUpdatedAt)) {
                changed.add(s.id());
                continue;
            }
            for (BillableItem item : items.getOrDefault(s.id(), List.of())) {
                if (!item.from().isBefore(row.syncedUntil)) {
                    unchanged.add(s.id());
                    newPeriods.add(item.periodIndex());
                }
            }
        }
        Map<String, List<InvoiceLineEntity>> bySubscription = lines.ofSubscriptions(changed);
        for (InvoiceLineEntity line : lines.ofSubscriptionPeriods(unchanged, newPeriods)) {
            bySubscription.computeIfAbsent(line.subscriptionId, id -> new ArrayList<>()).add(line);
        }
        return bySubscription;
    }

    private Map<String, String> billedCustomers(String namespace, List<BillableSubscription> due) {
        Set<String> customerIds = new LinkedHashSet<>();
        due.forEach(s -> customerIds.add(s.customerId()));
        Map<String, List<String>> ancestors = customers.ancestors(namespace, customerIds);
        Map<String, String> billed = new HashMap<>();
        for (String customerId : customerIds) {
            billed.put(customerId, gathering.billedCustomer(namespace, customerId,
                    ancestors.getOrDefault(customerId, List.of())));
        }
        return billed;
    }

    /**
     * The billed customers' gathering invoices, locked; those that first syncs will put lines on are made here in
     * one go (a billing run's first cycle makes thousands).
     */
    private Map<String, InvoiceEntity> gatheringInvoices(String namespace, List<BillableSubscription> due,
            Map<String, SubscriptionSyncEntity> rows, Map<String, List<BillableItem>> items,
            Map<String, String> billed) {
        Map<String, InvoiceEntity> found = new HashMap<>();
        for (InvoiceEntity invoice : invoices.gatheringOf(namespace, new HashSet<>(billed.values()))) {
            found.put(GatheringInvoices.key(invoice.customerId, invoice.currency), invoice);
        }
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (BillableSubscription subscription : due) {
            boolean firstSync = Instant.EPOCH.equals(rows.get(subscription.id()).syncedUntil);
            String billedCustomer = billed.get(subscription.customerId());
            for (BillableItem item : items.getOrDefault(subscription.id(), new ArrayList<>())) {
                if (firstSync && !found.containsKey(GatheringInvoices.key(billedCustomer, item.currency()))) {
                    missing.computeIfAbsent(billedCustomer, c -> new HashSet<>()).add(item.currency());
                }
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(gathering.lockedFor(namespace, missing));
        }
        return found;
    }
}
