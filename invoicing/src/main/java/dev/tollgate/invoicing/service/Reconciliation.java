package dev.tollgate.invoicing.service;

import dev.tollgate.ingest.api.IngestTopic;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineCharges;
import dev.tollgate.invoicing.domain.LineIds;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.domain.UsageSnapshot;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Late usage is never lost: when a customer is invoiced, each usage period billed before and still within the
 * lateness window is counted again, and whatever the meter counts now beyond what was billed (events that arrived
 * after the snapshot, or a period a change cut short) becomes an adjustment line on this invoice, labelled with its
 * period. The adjustment is priced as the whole period at the new quantity less everything the period was billed, so
 * tiers, packages and commitments stay exact.
 */
@ApplicationScoped
public class Reconciliation {

    private final InvoiceLineRepository lines;
    private final InvoiceRepository invoices;
    private final UsageQuantities usage;
    private final LinePricer pricer;
    private final LineJson json;
    private final IngestTopic ingest;

    Reconciliation(InvoiceLineRepository lines, InvoiceRepository invoices, UsageQuantities usage, LinePricer pricer,
            LineJson json, IngestTopic ingest) {
        this.lines = lines;
        this.invoices = invoices;
        this.usage = usage;
        this.pricer = pricer;
        this.json = json;
        this.ingest = ingest;
    }

    /** One billed usage period: its lines and the bounds it has now. */
    record Period(String key, List<InvoiceLineEntity> lines, InvoiceLineEntity base, Instant from, Instant to) {
    }

    /**
     * The usage questions reconciling the customers will ask, so that a run can read them all up front: one query
     * for any number of customers.
     */
    List<UsageQuantities.Question> questions(String namespace, Collection<String> billedCustomers, Instant now) {
        List<InvoiceLineEntity> billed = lines.issuedUsageSince(namespace, billedCustomers,
                now.minus(ingest.lateness()), null);
        return periods(billed).stream().map(this::question).toList();
    }

    /** Adds the customer's adjustments to the invoice being made. */
    void reconcile(InvoiceEntity invoice, UsageQuantities.Answers answers, Instant now) {
        List<InvoiceLineEntity> issued = lines.issuedUsageSince(invoice.namespace, List.of(invoice.customerId),
                now.minus(ingest.lateness()), invoice.id).stream()
                .filter(l -> l.currency.equals(invoice.currency)).toList();
        for (Period period : periods(issued)) {
            Map<String, InvoiceStatus> statuses = statuses(period.lines(), invoice);
            boolean open = period.lines().stream().anyMatch(l -> ManagedBy.SUBSCRIPTION.wireName().equals(l.managedBy)
                    && statuses.get(l.invoiceId) == InvoiceStatus.GATHERING);
            if (open) {
                continue; // progressive billing left part of the period to come: its last line settles it
            }
            // A placeholder waits in the gathering invoice, or has just been moved onto this one with the due lines.
            Optional<InvoiceLineEntity> placeholder = period.lines().stream()
                    .filter(l -> ManagedBy.SYSTEM.wireName().equals(l.managedBy) && l.quantity == null
                            && (statuses.get(l.invoiceId) == InvoiceStatus.GATHERING || l.invoiceId.equals(invoice.id)))
                    .findFirst();
            UsageSnapshot fresh = usage.snapshot(question(period), answers, now);
            BigDecimal billed = BigDecimal.ZERO;
            LineCharges charged = LineCharges.NONE;
            for (InvoiceLineEntity line : period.lines()) {
                if (stands(statuses.get(line.invoiceId)) && line.quantity != null) {
                    billed = billed.add(line.quantity);
                    charged = charged.plus(json.charges(line));
                }
            }
            BigDecimal difference = fresh.quantity().subtract(billed);
            if (difference.signum() == 0) {
                placeholder.ifPresent(p -> {
                    p.deletedAt = now;
                    p.updatedAt = now;
                });
                continue;
            }
            InvoiceLineEntity adjustment = placeholder.orElseGet(() -> {
                long made = period.lines().stream().filter(l -> ManagedBy.SYSTEM.wireName().equals(l.managedBy))
                        .count();
                InvoiceLineEntity created = Adjustments.of(period.base(), LineIds.adjustment(period.base().id,
                        period.base().billingPeriodFrom, (int) made + 1), invoice.id, invoice.customerId, now);
                lines.persist(created);
                return created;
            });
            adjustment.invoiceId = invoice.id;
            adjustment.periodFrom = period.from();
            adjustment.periodTo = period.to();
            adjustment.billingPeriodFrom = period.from();
            adjustment.billingPeriodTo = period.to();
            adjustment.quantity = difference;
            adjustment.usageSnapshot = json.write(fresh);
            adjustment.updatedAt = now;
            pricer.setCharges(adjustment, pricer.wholePeriod(pricer.pricingOf(period.base()), fresh.quantity())
                    .minus(charged));
        }
    }

    /** The usage periods of these billed lines (of periods that ended within the lateness window), by period. */
    private List<Period> periods(List<InvoiceLineEntity> billed) {
        // Every line of those periods in one query, not one per period, and not the subscriptions' whole history.
        Map<String, List<InvoiceLineEntity>> ofSubscriptions = new HashMap<>();
        lines.ofSubscriptionPeriods(billed.stream().map(l -> l.subscriptionId).filter(Objects::nonNull).distinct()
                .toList(), billed.stream().map(l -> l.periodIndex).filter(Objects::nonNull).distinct().toList())
                .forEach(l -> ofSubscriptions.computeIfAbsent(periodKey(l), k -> new ArrayList<>()).add(l));
        Map<String, List<InvoiceLineEntity>> byPeriod = new LinkedHashMap<>();
        for (InvoiceLineEntity line : billed) {
            String key = periodKey(line);
            if (!byPeriod.containsKey(key)) {
                byPeriod.put(key, line.subscriptionId == null ? new ArrayList<>(List.of(line))
                        : ofSubscriptions.get(key).stream().sorted(InvoiceLineRepository.PERIOD_ORDER).toList());
            }
        }
        List<Period> periods = new ArrayList<>();
        byPeriod.forEach((key, all) -> {
            InvoiceLineEntity base = all.stream().filter(l -> l.adjustsLineId == null).findFirst().orElse(all.get(0));
            // A placeholder of a changed period carries its new bounds; else the period's last segment does (a change
            // after progressive billing updates the open segment, never an invoiced one); else the first line.
            InvoiceLineEntity bounds = all.stream().filter(l -> ManagedBy.SYSTEM.wireName().equals(l.managedBy)
                    && l.billingPeriodTo != null).reduce((a, b) -> b)
                    .or(() -> all.stream().filter(l -> ManagedBy.SUBSCRIPTION.wireName().equals(l.managedBy))
                            .max(java.util.Comparator.comparing((InvoiceLineEntity l) -> l.periodFrom)))
                    .orElse(base);
            periods.add(new Period(key, all, base, bounds.billingPeriodFrom, bounds.billingPeriodTo));
        });
        return periods;
    }

    private UsageQuantities.Question question(Period period) {
        InvoiceLineEntity base = period.base();
        return new UsageQuantities.Question(base.namespace, base.usageCustomerId, base.meterSlug,
                json.groupFilters(base), period.from(), period.to());
    }

    private static String periodKey(InvoiceLineEntity line) {
        if (line.subscriptionId == null) {
            return Objects.requireNonNullElse(line.adjustsLineId, line.id);
        }
        return line.subscriptionId + "/" + line.itemKey + "/" + line.periodIndex;
    }

    private Map<String, InvoiceStatus> statuses(List<InvoiceLineEntity> period, InvoiceEntity current) {
        Map<String, InvoiceStatus> statuses = new HashMap<>();
        for (InvoiceLineEntity line : period) {
            statuses.computeIfAbsent(line.invoiceId, id -> id.equals(current.id)
                    ? InvoiceStatus.ofWireName(current.status).orElseThrow()
                    : invoices.findByIdOptional(id).flatMap(i -> InvoiceStatus.ofWireName(i.status))
                            .orElse(InvoiceStatus.DELETED));
        }
        return statuses;
    }

    /** Lines on these invoices count as billed: everything made, not gathering, voided or deleted. */
    private static boolean stands(InvoiceStatus status) {
        return status != InvoiceStatus.GATHERING && status != InvoiceStatus.VOIDED && status != InvoiceStatus.DELETED;
    }
}
