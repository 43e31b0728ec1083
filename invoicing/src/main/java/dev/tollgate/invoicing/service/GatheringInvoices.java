package dev.tollgate.invoicing.service;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tollgate.invoicing.domain.BillingParty;
import dev.tollgate.invoicing.domain.CustomerBilling;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The gathering invoices: one per billed customer and currency, the live collection of lines not yet invoiced. Lines
 * of a subsidiary go to its parent's when the parent's workflow consolidates subsidiaries.
 */
@ApplicationScoped
public class GatheringInvoices {

    private final InvoiceRepository invoices;
    private final CustomerBillingService billing;
    private final LineJson json;
    private final Clock clock;

    GatheringInvoices(InvoiceRepository invoices, CustomerBillingService billing, LineJson json, Clock clock) {
        this.invoices = invoices;
        this.billing = billing;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The customer billed for a customer's lines: itself, or the nearest ancestor up a chain of parents that each
     * consolidate their subsidiaries.
     */
    public String billedCustomer(String namespace, String customerId, List<String> ancestors) {
        String billed = customerId;
        if (ancestors.isEmpty()) {
            return billed;
        }
        Map<String, CustomerBilling> effective = billing.effective(namespace, ancestors);
        for (String parent : ancestors) {
            CustomerBilling parentBilling = effective.get(parent);
            if (parentBilling == null || parentBilling.customer().deletedAt() != null
                    || !parentBilling.workflow().consolidatesSubsidiaries()) {
                break;
            }
            billed = parent;
        }
        return billed;
    }

    /** The billed customer's gathering invoice in the currency, made if absent, locked for this transaction. */
    public InvoiceEntity lockedFor(String namespace, String customerId, String currency) {
        InvoiceEntity existing = invoices.lockedGathering(namespace, customerId, currency).orElse(null);
        if (existing != null) {
            return existing;
        }
        return lockedFor(namespace, Map.of(customerId, java.util.Set.of(currency))).get(key(customerId, currency));
    }

    /**
     * Every customer's gathering invoices in the currencies wanted, made where absent, locked for this transaction,
     * by {@link #key}: a few statements for a whole chunk of a billing run's first syncs.
     */
    public Map<String, InvoiceEntity> lockedFor(String namespace, Map<String, java.util.Set<String>> currencies) {
        Map<String, CustomerBilling> customers = billing.effective(namespace, currencies.keySet());
        Instant now = clock.instant();
        List<InvoiceEntity> wanted = new java.util.ArrayList<>();
        currencies.forEach((customerId, wantedCurrencies) -> {
            CustomerBilling customer = customers.get(customerId);
            if (customer == null) {
                throw new IllegalStateException("customer " + customerId + " of namespace " + namespace
                        + " does not exist");
            }
            for (String currency : new java.util.TreeSet<>(wantedCurrencies)) {
                wanted.add(newGathering(namespace, customer, currency, now));
            }
        });
        invoices.insertGatheringIfAbsent(wanted);
        // Ours, or the ones another process made first: the unique index let one in for each.
        Map<String, InvoiceEntity> locked = new java.util.HashMap<>();
        for (InvoiceEntity invoice : invoices.lockedGatheringOf(namespace, currencies.keySet())) {
            locked.put(key(invoice.customerId, invoice.currency), invoice);
        }
        return locked;
    }

    /** How {@link #lockedFor(String, Map)} names a customer's gathering invoice in a currency. */
    public static String key(String customerId, String currency) {
        return customerId + "/" + currency;
    }

    private InvoiceEntity newGathering(String namespace, CustomerBilling customer, String currency, Instant now) {
        InvoiceEntity wanted = new InvoiceEntity();
        wanted.id = UlidCreator.getMonotonicUlid().toString();
        wanted.namespace = namespace;
        wanted.customerId = customer.customer().id();
        wanted.currency = currency;
        wanted.status = InvoiceStatus.GATHERING.wireName();
        wanted.profileId = customer.profile().id();
        wanted.workflow = json.write(customer.workflow());
        wanted.supplier = json.write(customer.profile().supplier());
        wanted.customer = json.write(BillingParty.of(customer.customer()));
        wanted.createdAt = now;
        return wanted;
    }
}
