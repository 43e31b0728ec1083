package dev.tollgate.invoicing.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.catalog.api.BillingFeatures;
import dev.tollgate.catalog.api.RateCardPrices;
import dev.tollgate.catalog.api.pricing.PricingCurrency;
import dev.tollgate.invoicing.domain.InvoiceNumbers;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.domain.PendingLineDraft;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.shared.problem.ApiException;
import dev.tollgate.shared.problem.ValidationError;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client adds to, invoices from, or previews of a customer's pending lines: one-off charges, invoicing now
 * (progressively, where the workflow and the meter allow it), and the invoice it would be now.
 */
@ApplicationScoped
public class PendingLineService {

    /** OpenMeter's {@code InvoicePendingLineCreateResponse}. */
    public record Created(List<InvoiceLineEntity> lines, InvoiceEntity invoice, boolean isInvoiceNew) {
    }

    private final BillingCustomers customers;
    private final BillingFeatures features;
    private final RateCardPrices prices;
    private final SubscriptionSync sync;
    private final GatheringInvoices gathering;
    private final InvoiceCollector collector;
    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final LinePricer pricer;
    private final LineJson json;
    private final Clock clock;

    PendingLineService(BillingCustomers customers, BillingFeatures features, RateCardPrices prices,
            SubscriptionSync sync, GatheringInvoices gathering, InvoiceCollector collector,
            InvoiceRepository invoices, InvoiceLineRepository lines, LinePricer pricer, LineJson json, Clock clock) {
        this.customers = customers;
        this.features = features;
        this.prices = prices;
        this.sync = sync;
        this.gathering = gathering;
        this.collector = collector;
        this.invoices = invoices;
        this.lines = lines;
        this.pricer = pricer;
        this.json = json;
        this.clock = clock;
    }

    /** Adds one-off charges to the customer's gathering invoice in the currency, all or none. */
    public Created add(String namespace, String customerIdOrKey, String currency, List<PendingLineDraft> drafts) {
        BillingCustomer customer = customer(namespace, customerIdOrKey);
        checkCurrency(customer, currency);
        if (drafts == null || drafts.isEmpty()) {
            throw ApiException.invalid("lines", "required", "lines must hold at least one line");
        }
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            String billed = gathering.billedCustomer(namespace, customer.id(),
                    customers.ancestors(namespace, customer.id()));
            boolean isNew = invoices.gathering(namespace, billed, currency).isEmpty();
            InvoiceEntity invoice = gathering.lockedFor(namespace, billed, currency);
            List<InvoiceLineEntity> made = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                InvoiceLineEntity line = manualLine(namespace, customer.id(), billed, currency, drafts.get(i),
                        "lines[" + i + "]", false, now);
                line.invoiceId = invoice.id;
                lines.persist(line);
                made.add(line);
            }
            invoice.updatedAt = now;
            return new Created(made, invoice, isNew);
        });
    }

    /**
     * OpenMeter's {@code POST /api/v1/billing/invoices/invoice}: the customer's pending lines due by {@code asOf}
     * become invoices now, one per currency.
     *
     * @param lineIds only these lines; null for all
     * @param progressive overrides the workflow's progressive billing; null keeps it
     */
    public List<String> invoiceNow(String namespace, String customerIdOrKey, Instant asOf, List<String> lineIds,
            Boolean progressive) {
        BillingCustomer customer = customer(namespace, customerIdOrKey);
        Instant now = clock.instant();
        Instant until = asOf == null ? now : asOf;
        if (until.isAfter(now)) {
            throw ApiException.invalid("asOf", "in_future", "asOf must not be in the future");
        }
        catchUp(namespace, customer.id(), now);
        Set<String> chosen = lineIds == null ? null : Set.copyOf(lineIds);
        List<String> made = new ArrayList<>();
        for (InvoiceEntity pending : QuarkusTransaction.requiringNew()
                .call(() -> invoices.gatheringOf(namespace, customer.id()))) {
            collector.collect(pending.id, InvoiceCollector.Selection.now(until,
                    line -> chosen == null || chosen.contains(line.id), progressive),
                    UsageQuantities.Answers.none(), now).ifPresent(made::add);
        }
        if (made.isEmpty()) {
            throw ApiException.invalid(lineIds == null ? "customerId" : "filters.lineIds", "nothing_to_invoice",
                    "customerId has no pending lines that can be invoiced as of " + until);
        }
        return made;
    }

    /**
     * The invoices the customer's pending lines would make now, worked out in a transaction that is then rolled back:
     * exactly what the billing run would do, with nothing kept.
     */
    public List<InvoiceDocument> preview(String namespace, String customerIdOrKey) {
        BillingCustomer customer = customer(namespace, customerIdOrKey);
        Instant now = clock.instant();
        catchUp(namespace, customer.id(), now);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<InvoiceDocument> previews = new ArrayList<>();
            for (InvoiceEntity pending : invoices.gatheringOf(namespace, customer.id())) {
                collector.collectInCaller(pending.id, InvoiceCollector.Selection.preview(now),
                        UsageQuantities.Answers.none(), now).ifPresent(id -> previews.add(
                                new InvoiceDocument(invoices.findById(id), lines.ofInvoice(id))));
            }
            QuarkusTransaction.setRollbackOnly();
            return previews;
        });
    }

    /** OpenMeter's simulation: the given lines, at the given quantities, priced as an invoice; nothing is kept. */
    public InvoiceDocument simulate(String namespace, String customerIdOrKey, String currency, String number,
            List<PendingLineDraft> drafts) {
        BillingCustomer customer = customer(namespace, customerIdOrKey);
        checkCurrency(customer, currency);
        if (drafts == null || drafts.isEmpty()) {
            throw ApiException.invalid("lines", "required", "lines must hold at least one line");
        }
        Instant now = clock.instant();
        InvoiceEntity invoice = new InvoiceEntity();
        invoice.id = UlidCreator.getMonotonicUlid().toString();
        invoice.namespace = namespace;
        invoice.customerId = customer.id();
        invoice.currency = currency;
        invoice.status = InvoiceStatus.DRAFT_MANUAL_APPROVAL_NEEDED.wireName();
        invoice.number = number != null ? number : InvoiceNumbers.draft(invoice.id);
        invoice.customer = json.write(dev.tollgate.invoicing.domain.BillingParty.of(customer));
        invoice.metadata = "{}";
        invoice.validationIssues = "[]";
        invoice.createdAt = now;
        invoice.updatedAt = now;
        List<InvoiceLineEntity> priced = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            InvoiceLineEntity line = manualLine(namespace, customer.id(), customer.id(), currency, drafts.get(i),
                    "lines[" + i + "]", true, now);
            line.invoiceId = invoice.id;
            pricer.price(line);
            priced.add(line);
        }
        LinePricer.total(invoice, priced);
        invoice.periodFrom = priced.stream().map(l -> l.periodFrom).min(Instant::compareTo).orElse(null);
        invoice.periodTo = priced.stream().map(l -> l.periodTo).max(Instant::compareTo).orElse(null);
        return new InvoiceDocument(invoice, priced);
    }

    /** Brings the customer's subscription lines up to now, as the run would, before invoicing or previewing. */
    private void catchUp(String namespace, String customerId, Instant now) {
        for (var subscription : QuarkusTransaction.requiringNew()
                .call(() -> sync.ofCustomer(namespace, customerId, now))) {
            sync.sync(subscription, now);
        }
    }

    private InvoiceLineEntity manualLine(String namespace, String customerId, String billed, String currency,
            PendingLineDraft draft, String field, boolean simulated, Instant now) {
        List<ValidationError> errors = new ArrayList<>();
        if (draft == null) {
            throw ApiException.invalid(field, "required", field + " must be a line");
        }
        if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 256) {
            errors.add(new ValidationError(field + ".name", "invalid", field + ".name must be 1 to 256 characters"));
        }
        if (draft.period() == null || draft.period().from() == null || draft.period().to() == null) {
            errors.add(new ValidationError(field + ".period", "required", field + ".period needs from and to"));
        } else if (!draft.period().from().isBefore(draft.period().to())) {
            errors.add(new ValidationError(field + ".period.to", "invalid", field + ".period.to must be after from"));
        }
        if (draft.invoiceAt() == null) {
            errors.add(new ValidationError(field + ".invoiceAt", "required", field + ".invoiceAt is required"));
        }
        JsonNode price = draft.effectivePrice();
        if (price == null || !price.isObject()) {
            errors.add(new ValidationError(field + ".price", "required", field + ".price (or rateCard.price) is"
                    + " required"));
        }
        if (simulated && (draft.quantity() == null || draft.quantity().signum() < 0)) {
            errors.add(new ValidationError(field + ".quantity", "invalid", field + ".quantity must be a number of 0"
                    + " or more"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        prices.read(field + ".price", price, draft.discounts(), currency); // 400 naming the field when invalid
        boolean flat = "flat".equals(price.path("type").asText());
        String featureKey = draft.effectiveFeatureKey();
        BillingFeatures.FeatureMeter meter = null;
        if (!flat && !simulated) {
            if (featureKey == null) {
                throw ApiException.invalid(field + ".featureKey", "required", field + ".featureKey is required for"
                        + " a usage-based price");
            }
            meter = features.meterOf(namespace, featureKey).orElseThrow(() -> ApiException.invalid(
                    field + ".featureKey", "not_metered", field + ".featureKey must name a live metered feature"));
        }
        InvoiceLineEntity line = new InvoiceLineEntity();
        line.id = simulated && draft.id() != null ? draft.id() : UlidCreator.getMonotonicUlid().toString();
        line.namespace = namespace;
        line.customerId = billed;
        line.usageCustomerId = customerId;
        line.currency = currency;
        line.managedBy = ManagedBy.MANUAL.wireName();
        line.kind = flat ? LineKind.FLAT_FEE.stored() : LineKind.USAGE.stored();
        line.name = draft.name();
        line.description = draft.description();
        line.metadata = json.write(draft.metadata() == null ? Map.of() : draft.metadata());
        line.periodFrom = draft.period().from();
        line.periodTo = draft.period().to();
        line.billingPeriodFrom = line.periodFrom;
        line.billingPeriodTo = line.periodTo;
        line.invoiceAt = draft.invoiceAt();
        ObjectNode rateCard = JsonNodeFactory.instance.objectNode();
        if (featureKey != null) {
            rateCard.put("featureKey", featureKey);
        }
        rateCard.set("price", price);
        if (draft.discounts() != null) {
            rateCard.set("discounts", draft.discounts());
        }
        line.rateCard = json.write(rateCard);
        line.featureKey = featureKey;
        line.meterSlug = meter == null ? null : meter.meterSlug();
        line.meterGroupByFilters = json.write(meter == null ? Map.of() : meter.groupFilters());
        line.proration = BigDecimal.ONE;
        line.quantity = simulated ? draft.quantity() : null;
        line.preLinePeriodQuantity = simulated && draft.preLinePeriodQuantity() != null
                ? draft.preLinePeriodQuantity() : BigDecimal.ZERO;
        line.amount = BigDecimal.ZERO;
        line.chargesTotal = BigDecimal.ZERO;
        line.discountsTotal = BigDecimal.ZERO;
        line.total = BigDecimal.ZERO;
        line.createdAt = now;
        line.updatedAt = now;
        return line;
    }

    private BillingCustomer customer(String namespace, String idOrKey) {
        return customers.findLive(namespace, idOrKey).orElseThrow(() -> ApiException.notFound("customer '"
                + idOrKey + "' does not exist"));
    }

    private static void checkCurrency(BillingCustomer customer, String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw ApiException.invalid("currency", "invalid", "currency must be an ISO 4217 code such as USD");
        }
        try {
            PricingCurrency.of(currency);
        } catch (RuntimeException e) {
            throw ApiException.invalid("currency", "unknown", "currency '" + currency + "' is not a known ISO 4217"
                    + " code");
        }
        if (customer.currency() != null && !customer.currency().equals(currency)) {
            throw ApiException.invalid("currency", "currency_mismatch", "currency " + currency + " is not the"
                    + " customer's currency " + customer.currency());
        }
    }
}
