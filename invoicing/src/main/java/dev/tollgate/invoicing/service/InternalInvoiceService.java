package dev.tollgate.invoicing.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.catalog.api.BillingCustomer;
import dev.tollgate.catalog.api.BillingCustomers;
import dev.tollgate.invoicing.api.InternalInvoices;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.BillingProfile;
import dev.tollgate.invoicing.domain.BillingProfileDraft;
import dev.tollgate.invoicing.domain.InvoiceNumbers;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.LineKind;
import dev.tollgate.invoicing.domain.ManagedBy;
import dev.tollgate.invoicing.store.BillingProfileRepository;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import dev.tollgate.invoicing.store.InvoiceLineRepository;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.shared.ids.DerivedIds;
import dev.tollgate.shared.postgres.TransactionLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Internal invoices: made directly from their lines (never through a gathering invoice, so they neither wait for a
 * billing run nor mix with the customer's own subscription lines), priced as flat fees by the pricing engine, and
 * issued at once under the internal billing profile.
 */
@ApplicationScoped
public class InternalInvoiceService implements InternalInvoices {

    /** Marks the namespace's internal profile in its metadata. */
    public static final String PURPOSE = "tollgate.purpose";
    public static final String INTERNAL = "internal";

    private final BillingCustomers customers;
    private final BillingProfileService profileService;
    private final BillingProfileRepository profiles;
    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final LinePricer pricer;
    private final InvoiceIssuer issuer;
    private final LineJson json;
    private final Clock clock;

    InternalInvoiceService(BillingCustomers customers, BillingProfileService profileService,
            BillingProfileRepository profiles, InvoiceRepository invoices, InvoiceLineRepository lines,
            LinePricer pricer, InvoiceIssuer issuer, LineJson json, Clock clock) {
        this.customers = customers;
        this.profileService = profileService;
        this.profiles = profiles;
        this.invoices = invoices;
        this.lines = lines;
        this.pricer = pricer;
        this.issuer = issuer;
        this.json = json;
        this.clock = clock;
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String issue(Request request) {
        String id = DerivedIds.ulid(request.periodFrom(), "internal-invoice", request.namespace(), request.key());
        // The lock makes "is it there? then make it" one step across instances.
        TransactionLock.acquire(invoices.getEntityManager(), "internal-invoice:" + id);
        if (invoices.findByIdOptional(id).isPresent()) {
            return id;
        }
        BillingCustomer customer = customers.findLive(request.namespace(), request.customerId()).orElseThrow(() ->
                new IllegalStateException("customer " + request.customerId() + " does not exist"));
        BillingProfile profile = internalProfile(request.namespace());
        Instant now = clock.instant();
        InvoiceEntity invoice = new InvoiceEntity();
        invoice.id = id;
        invoice.namespace = request.namespace();
        invoice.customerId = customer.id();
        invoice.currency = request.currency();
        invoice.status = InvoiceStatus.DRAFT_WAITING_AUTO_APPROVAL.wireName();
        invoice.number = InvoiceNumbers.draft(id);
        invoice.profileId = profile.id();
        invoice.workflow = json.write(profile.workflow());
        invoice.supplier = json.write(profile.supplier());
        invoice.customer = json.write(BillingParty.of(customer));
        invoice.description = request.description();
        invoice.metadata = json.write(request.metadata() == null ? Map.of() : request.metadata());
        invoice.validationIssues = "[]";
        invoice.periodFrom = request.periodFrom();
        invoice.periodTo = request.periodTo();
        invoice.createdAt = now;
        invoice.updatedAt = now;
        invoice.collectionAt = now;
        List<InvoiceLineEntity> made = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            made.add(line(invoice, i, request.lines().get(i), now));
        }
        LinePricer.total(invoice, made);
        invoices.persist(invoice);
        made.forEach(lines::persist);
        lines.flush();
        issuer.issue(invoice, now);
        return id;
    }

    private InvoiceLineEntity line(InvoiceEntity invoice, int index, Line given, Instant now) {
        InvoiceLineEntity line = new InvoiceLineEntity();
        line.id = DerivedIds.ulid(invoice.periodFrom, "internal-line", invoice.id, Integer.toString(index));
        line.namespace = invoice.namespace;
        line.invoiceId = invoice.id;
        line.customerId = invoice.customerId;
        line.usageCustomerId = invoice.customerId;
        line.currency = invoice.currency;
        line.managedBy = ManagedBy.MANUAL.wireName();
        line.kind = LineKind.FLAT_FEE.stored();
        line.name = given.name();
        line.description = given.description();
        line.metadata = "{}";
        line.periodFrom = invoice.periodFrom;
        line.periodTo = invoice.periodTo;
        line.billingPeriodFrom = invoice.periodFrom;
        line.billingPeriodTo = invoice.periodTo;
        line.invoiceAt = now;
        ObjectNode price = JsonNodeFactory.instance.objectNode();
        price.put("type", "flat");
        price.put("amount", given.amount().toPlainString());
        price.put("paymentTerm", "in_arrears");
        ObjectNode rateCard = JsonNodeFactory.instance.objectNode();
        rateCard.set("price", price);
        line.rateCard = json.write(rateCard);
        line.meterGroupByFilters = "{}";
        line.proration = BigDecimal.ONE;
        line.preLinePeriodQuantity = BigDecimal.ZERO;
        line.createdAt = now;
        line.updatedAt = now;
        pricer.price(line);
        return line;
    }

    /** The namespace's internal profile, made once (never the default: the default is made first if missing). */
    private BillingProfile internalProfile(String namespace) {
        BillingProfile standard = profileService.defaultProfile(namespace);
        profiles.lockNamespace(namespace);
        return profiles.liveOf(namespace).stream().map(profiles::toDomain)
                .filter(p -> p.metadata() != null && INTERNAL.equals(p.metadata().get(PURPOSE))).findFirst()
                .orElseGet(() -> profileService.create(namespace, new BillingProfileDraft("Internal",
                        "Made by Tollgate for internal invoices such as chargebacks: no payment provider",
                        Map.of(PURPOSE, INTERNAL), standard.supplier(), false, null, null)));
    }
}
