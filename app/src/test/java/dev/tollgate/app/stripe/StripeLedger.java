package dev.tollgate.app.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.Stripe;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Stripe's side of the fake: accounts, customers, invoices with their lines (each line backed by an invoice item, as
 * in Stripe), webhook endpoints and billing portal sessions, with Stripe's rules for them and the JSON Stripe answers.
 * Not thread-safe by itself: {@link FakeStripe} runs every call under the ledger's monitor.
 */
final class StripeLedger {

    static final int MAX_INVOICE_LINES = 250;
    static final int MAX_CUSTOM_FIELDS = 4;
    static final int MAX_WEBHOOK_ENDPOINTS = 16;
    /** How many lines an invoice shows in its own lines.data; the rest are read through /v1/invoices/{id}/lines. */
    static final int EMBEDDED_LINES = 10;

    private final Supplier<Instant> clock;
    private final Map<String, Account> accountsByKey = new LinkedHashMap<>();
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, Invoice> invoices = new LinkedHashMap<>();
    private final Map<String, InvoiceItem> invoiceItems = new LinkedHashMap<>();
    private final Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();
    private final List<Emitted> emitted = new ArrayList<>();
    private Duration searchLag = Duration.ZERO;
    private boolean autoEvents;
    private boolean savedAutoEvents;
    private long sequence;

    StripeLedger(Supplier<Instant> clock) {
        this.clock = clock;
    }

    // ---- the objects ----------------------------------------------------------------------------------------------

    static final class Account {
        final String id;
        final boolean livemode;
        final long created;

        Account(String id, boolean livemode, long created) {
            this.id = id;
            this.livemode = livemode;
            this.created = created;
        }
    }

    static final class Customer {
        String id;
        Account account;
        long created;
        long seq;
        String email;
        String name;
        String description;
        String phone;
        String invoicePrefix;
        String currency;
        long balance;
        long nextInvoiceSequence = 1;
        boolean deleted;
        boolean declinePayments;
        List<String> preferredLocales = new ArrayList<>();
        final Map<String, String> metadata = new LinkedHashMap<>();
    }

    static final class InvoiceItem {
        String id;
        String lineId;
        Account account;
        Customer customer;
        Invoice invoice;
        long created;
        long amount;
        String currency;
        String description;
        BigDecimal quantity = BigDecimal.ONE;
        BigDecimal unitAmountDecimal;
        long periodStart;
        long periodEnd;
        boolean discountable = true;
        final Map<String, String> metadata = new LinkedHashMap<>();
    }

    static final class Invoice {
        String id;
        Account account;
        Customer customer;
        long created;
        long seq;
        String currency;
        String status = "draft";
        String number;
        String requestedNumber;
        String description;
        String footer;
        String collectionMethod = "charge_automatically";
        Long daysUntilDue;
        Long dueDate;
        boolean autoAdvance;
        Long finalizedAt;
        Long paidAt;
        Long voidedAt;
        Long uncollectibleAt;
        Long nextPaymentAttempt;
        Long endingBalance;
        String token;
        long amountPaid;
        int attemptCount;
        boolean attempted;
        boolean paidOutOfBand;
        String finalizationError;
        boolean deleted;
        List<Map<String, String>> customFields;
        final List<InvoiceItem> lines = new ArrayList<>();
        final Map<String, String> metadata = new LinkedHashMap<>();

        long total() {
            return lines.stream().mapToLong(line -> line.amount).sum();
        }

        long amountDue() {
            return Math.max(0, total());
        }
    }

    static final class WebhookEndpoint {
        String id;
        Account account;
        long created;
        String url;
        String secret;
        String description;
        String apiVersion;
        boolean disabled;
        List<String> enabledEvents = new ArrayList<>();
        final Map<String, String> metadata = new LinkedHashMap<>();

        boolean wants(String type) {
            return !disabled && (enabledEvents.contains("*") || enabledEvents.contains(type));
        }
    }

    /** An event Stripe would emit, collected while a call runs and handed to the webhook sender afterwards. */
    record Emitted(String type, Account account, JsonNode object, Map<String, Object> previous, String requestId,
            String idempotencyKey) {
    }

    /** One API call: the caller's account, its validated parameters and what the URL named. */
    record Call(Account account, StripeParams params, List<String> pathArgs, String requestId, String idempotencyKey) {
        String arg(int index) {
            return pathArgs.get(index);
        }

        List<String> expand() {
            return params.strings("expand");
        }
    }

    // ---- settings -------------------------------------------------------------------------------------------------

    long now() {
        return clock.get().getEpochSecond();
    }

    void setSearchLag(Duration lag) {
        searchLag = lag;
    }

    void setAutoEvents(boolean enabled) {
        autoEvents = enabled;
    }

    /** For the Stripe-side test helpers, which always collect the events their change causes. */
    void setAutoEventsTemporarily(boolean enabled) {
        savedAutoEvents = autoEvents;
        autoEvents = enabled;
    }

    void restoreAutoEvents() {
        autoEvents = savedAutoEvents;
    }

    List<Emitted> takeEmitted() {
        List<Emitted> taken = new ArrayList<>(emitted);
        emitted.clear();
        return taken;
    }

    private void emit(Call call, String type, Account account, JsonNode object, Map<String, Object> previous) {
        if (autoEvents) {
            emitted.add(new Emitted(type, account, object, previous, call == null ? null : call.requestId(),
                    call == null ? null : call.idempotencyKey()));
        }
    }

    // ---- accounts and keys ----------------------------------------------------------------------------------------

    Account register(String apiKey, String accountId) {
        if (!apiKey.matches("(sk|rk)_(test|live)_[A-Za-z0-9_]{4,}")) {
            throw new IllegalArgumentException("Stripe secret and restricted keys look like sk_test_..., sk_live_..., "
                    + "rk_test_... or rk_live_...: " + apiKey);
        }
        Account known = accountsByKey.get(apiKey);
        if (known != null) {
            return known;
        }
        Account account = accountId == null ? null : accounts.get(accountId);
        if (account == null) {
            account = new Account(accountId != null ? accountId : StripeJson.newId("acct_").substring(0, 21),
                    apiKey.contains("_live_"), now());
            accounts.put(account.id, account);
        }
        accountsByKey.put(apiKey, account);
        return account;
    }

    void revoke(String apiKey) {
        accountsByKey.remove(apiKey);
    }

    Account accountForKey(String apiKey) {
        return accountsByKey.get(apiKey);
    }

    ObjectNode account(Call call) {
        Account account = call.account();
        ObjectNode json = StripeJson.object();
        json.put("id", account.id);
        json.put("object", "account");
        ObjectNode profile = json.putObject("business_profile");
        profile.put("name", "Fake Stripe account " + account.id);
        profile.putNull("url");
        json.putNull("business_type");
        json.putObject("capabilities");
        json.put("charges_enabled", true);
        json.put("country", "US");
        json.put("created", account.created);
        json.put("default_currency", "usd");
        json.put("details_submitted", true);
        json.put("email", "billing@" + account.id.toLowerCase(Locale.ROOT) + ".example");
        json.putObject("metadata");
        json.put("payouts_enabled", true);
        json.putObject("settings").putObject("dashboard").put("display_name", "Fake Stripe");
        json.put("type", "standard");
        return json;
    }

    // ---- customers ------------------------------------------------------------------------------------------------

    ObjectNode createCustomer(Call call) {
        StripeParams p = call.params();
        Customer customer = new Customer();
        customer.id = StripeJson.newId("cus_").substring(0, 18);
        customer.account = call.account();
        customer.created = now();
        customer.seq = ++sequence;
        customer.invoicePrefix = StripeJson.random(8).toUpperCase(Locale.ROOT);
        applyCustomer(customer, p);
        customers.put(customer.id, customer);
        ObjectNode json = customerJson(customer);
        emit(call, "customer.created", customer.account, json, null);
        return json;
    }

    ObjectNode updateCustomer(Call call) {
        Customer customer = customer(call.account(), call.arg(0), "id", true);
        applyCustomer(customer, call.params());
        ObjectNode json = customerJson(customer);
        emit(call, "customer.updated", customer.account, json, null);
        return json;
    }

    private void applyCustomer(Customer customer, StripeParams p) {
        String prefix = p.string("invoice_prefix");
        if (prefix != null && !prefix.matches("[A-Z0-9]{3,12}")) {
            throw StripeApiError.invalid("Invalid invoice_prefix: it must be 3 to 12 uppercase letters or numbers.",
                    "invoice_prefix");
        }
        if (p.raw().containsKey("email")) {
            customer.email = p.string("email");
        }
        if (p.raw().containsKey("name")) {
            customer.name = p.string("name");
        }
        if (p.raw().containsKey("description")) {
            customer.description = p.string("description");
        }
        if (p.raw().containsKey("phone")) {
            customer.phone = p.string("phone");
        }
        if (prefix != null) {
            customer.invoicePrefix = prefix;
        }
        if (p.has("next_invoice_sequence")) {
            customer.nextInvoiceSequence = p.integer("next_invoice_sequence");
        }
        if (p.has("balance")) {
            customer.balance = p.integer("balance");
        }
        if (p.raw().containsKey("preferred_locales")) {
            customer.preferredLocales = p.strings("preferred_locales");
        }
        p.applyMetadata("metadata", customer.metadata);
    }

    ObjectNode retrieveCustomer(Call call) {
        Customer customer = customers.get(call.arg(0));
        if (customer == null || customer.account != call.account()) {
            throw StripeApiError.noSuch("customer", call.arg(0), "id", true);
        }
        return customer.deleted ? deletedStub(customer.id, "customer") : customerJson(customer);
    }

    ObjectNode deleteCustomer(Call call) {
        Customer customer = customer(call.account(), call.arg(0), "id", true);
        customer.deleted = true;
        emit(call, "customer.deleted", customer.account, customerJson(customer), null);
        return deletedStub(customer.id, "customer");
    }

    ObjectNode listCustomers(Call call) {
        StripeParams p = call.params();
        String email = p.string("email");
        List<Customer> all = customers.values().stream()
                .filter(c -> c.account == call.account() && !c.deleted)
                .filter(c -> email == null || email.equals(c.email))
                .sorted(Comparator.comparingLong((Customer c) -> c.seq).reversed())
                .collect(Collectors.toList());
        return page(all, c -> c.id, this::customerJson, p, "/v1/customers", "customer");
    }

    ObjectNode searchCustomers(Call call) {
        Map<String, Function<Customer, Object>> fields = new LinkedHashMap<>();
        fields.put("email", c -> c.email);
        fields.put("name", c -> c.name);
        fields.put("phone", c -> c.phone);
        fields.put("created", c -> c.created);
        Predicate<Customer> matches = StripeSearchQuery.parse(call.params().require("query"), "customers", fields,
                c -> c.metadata);
        List<Customer> found = customers.values().stream()
                .filter(c -> c.account == call.account() && !c.deleted && indexed(c.created))
                .filter(matches)
                .sorted(Comparator.comparingLong((Customer c) -> c.seq).reversed())
                .collect(Collectors.toList());
        return searchResult(found, this::customerJson, call.params(), "/v1/customers/search");
    }

    Customer customer(Account account, String id, String param, boolean inPath) {
        Customer customer = customers.get(id);
        if (customer == null || customer.account != account || customer.deleted) {
            throw StripeApiError.noSuch("customer", id, param, inPath);
        }
        return customer;
    }

    ObjectNode customerJson(Customer customer) {
        ObjectNode json = StripeJson.object();
        json.put("id", customer.id);
        json.put("object", "customer");
        json.putNull("address");
        json.put("balance", customer.balance);
        json.put("created", customer.created);
        json.put("currency", customer.currency);
        json.putNull("default_source");
        json.put("delinquent", false);
        json.put("description", customer.description);
        json.putNull("discount");
        json.put("email", customer.email);
        json.put("invoice_prefix", customer.invoicePrefix);
        ObjectNode settings = json.putObject("invoice_settings");
        settings.putNull("custom_fields");
        settings.putNull("default_payment_method");
        settings.putNull("footer");
        settings.putNull("rendering_options");
        json.put("livemode", customer.account.livemode);
        json.set("metadata", StripeJson.stringMap(customer.metadata));
        json.put("name", customer.name);
        json.put("next_invoice_sequence", customer.nextInvoiceSequence);
        json.put("phone", customer.phone);
        ArrayNode locales = json.putArray("preferred_locales");
        customer.preferredLocales.forEach(locales::add);
        json.putNull("shipping");
        json.put("tax_exempt", "none");
        json.putNull("test_clock");
        return json;
    }

    // ---- invoices -------------------------------------------------------------------------------------------------

    ObjectNode createInvoice(Call call) {
        StripeParams p = call.params();
        Customer customer = customer(call.account(), p.require("customer"), "customer", false);
        Invoice invoice = new Invoice();
        invoice.id = StripeJson.newId("in_");
        invoice.account = call.account();
        invoice.customer = customer;
        invoice.created = now();
        invoice.seq = ++sequence;
        invoice.currency = p.has("currency") ? StripeCurrency.normalize(p.string("currency"), "currency")
                : customer.currency != null ? customer.currency : "usd";
        invoice.collectionMethod = p.string("collection_method", "charge_automatically");
        invoice.autoAdvance = Boolean.TRUE.equals(p.bool("auto_advance"));
        invoice.description = p.string("description");
        invoice.footer = p.string("footer");
        invoice.requestedNumber = p.string("number");
        applyDueDate(invoice, p);
        invoice.customFields = customFields(p);
        p.applyMetadata("metadata", invoice.metadata);
        if ("include".equals(p.string("pending_invoice_items_behavior"))) {
            List<InvoiceItem> pending = invoiceItems.values().stream()
                    .filter(item -> item.customer == customer && item.invoice == null
                            && item.currency.equals(invoice.currency))
                    .sorted(Comparator.comparingLong(item -> item.created))
                    .limit(MAX_INVOICE_LINES)
                    .collect(Collectors.toList());
            pending.forEach(item -> attach(item, invoice));
        }
        invoices.put(invoice.id, invoice);
        ObjectNode json = invoiceJson(invoice, call.expand());
        emit(call, "invoice.created", invoice.account, invoiceJson(invoice, List.of()), null);
        return json;
    }

    private void applyDueDate(Invoice invoice, StripeParams p) {
        if (p.raw().containsKey("collection_method")) {
            invoice.collectionMethod = p.string("collection_method", "charge_automatically");
        }
        if (p.has("days_until_due")) {
            invoice.daysUntilDue = p.integer("days_until_due");
            invoice.dueDate = null;
        }
        if (p.has("due_date")) {
            invoice.dueDate = p.integer("due_date");
            invoice.daysUntilDue = null;
        }
        boolean sendInvoice = "send_invoice".equals(invoice.collectionMethod);
        if (!sendInvoice && (invoice.daysUntilDue != null || invoice.dueDate != null)) {
            throw StripeApiError.invalid("Invalid " + (invoice.daysUntilDue != null ? "days_until_due" : "due_date")
                    + ": it can only be set when collection_method is send_invoice.",
                    invoice.daysUntilDue != null ? "days_until_due" : "due_date");
        }
        if (sendInvoice && invoice.daysUntilDue == null && invoice.dueDate == null) {
            invoice.daysUntilDue = 30L; // the account's default "days until due" in Stripe's invoice settings
        }
    }

    private static List<Map<String, String>> customFields(StripeParams p) {
        if (p.isUnset("custom_fields")) {
            return null;
        }
        List<StripeParams> given = p.hashes("custom_fields");
        if (given.isEmpty()) {
            return null;
        }
        if (given.size() > MAX_CUSTOM_FIELDS) {
            throw StripeApiError.invalid("Invalid custom_fields: an invoice can have at most " + MAX_CUSTOM_FIELDS
                    + " custom fields.", "custom_fields");
        }
        List<Map<String, String>> fields = new ArrayList<>();
        for (StripeParams field : given) {
            String name = field.require("name");
            String value = field.require("value");
            if (name.length() > 40) {
                throw StripeApiError.invalid("Invalid " + field.name("name") + ": at most 40 characters.",
                        field.name("name"));
            }
            if (value.length() > 140) {
                throw StripeApiError.invalid("Invalid " + field.name("value") + ": at most 140 characters.",
                        field.name("value"));
            }
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("value", value);
            fields.add(entry);
        }
        return fields;
    }

    ObjectNode retrieveInvoice(Call call) {
        Invoice invoice = invoices.get(call.arg(0));
        if (invoice == null || invoice.account != call.account()) {
            throw StripeApiError.noSuch("invoice", call.arg(0), "id", true);
        }
        return invoice.deleted ? deletedStub(invoice.id, "invoice") : invoiceJson(invoice, call.expand());
    }

    ObjectNode updateInvoice(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        StripeParams p = call.params();
        if (!invoice.status.equals("draft")) {
            for (String name : p.raw().keySet()) {
                if (!Set.of("metadata", "description", "footer", "auto_advance", "expand").contains(name)) {
                    throw StripeApiError.invalid("Finalized invoices can't be updated in this way: " + name
                            + " can only be changed on a draft invoice.", name, "invoice_not_editable");
                }
            }
        }
        if (p.raw().containsKey("description")) {
            invoice.description = p.string("description");
        }
        if (p.raw().containsKey("footer")) {
            invoice.footer = p.string("footer");
        }
        if (p.has("auto_advance")) {
            invoice.autoAdvance = p.bool("auto_advance");
        }
        if (p.raw().containsKey("number")) {
            invoice.requestedNumber = p.string("number");
        }
        if (p.raw().containsKey("currency")) {
            invoice.currency = StripeCurrency.normalize(p.string("currency"), "currency");
        }
        if (p.raw().containsKey("custom_fields")) {
            invoice.customFields = customFields(p);
        }
        applyDueDate(invoice, p);
        p.applyMetadata("metadata", invoice.metadata);
        ObjectNode json = invoiceJson(invoice, call.expand());
        emit(call, "invoice.updated", invoice.account, invoiceJson(invoice, List.of()), null);
        return json;
    }

    ObjectNode deleteInvoice(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        if (!invoice.status.equals("draft")) {
            throw StripeApiError.state("You can only delete draft invoices. This invoice is " + invoice.status
                    + "; void it instead.", "invoice_not_editable");
        }
        invoice.deleted = true;
        invoice.lines.forEach(line -> invoiceItems.remove(line.id));
        emit(call, "invoice.deleted", invoice.account, invoiceJson(invoice, List.of()), null);
        return deletedStub(invoice.id, "invoice");
    }

    ObjectNode addLines(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        requireDraft(invoice, "add lines to");
        StripeParams p = call.params();
        List<StripeParams> lines = p.hashes("lines");
        if (lines.isEmpty()) {
            throw StripeApiError.missingParameter("lines");
        }
        checkLineCount(invoice, lines.size(), "lines");
        List<InvoiceItem> created = new ArrayList<>();
        for (StripeParams line : lines) {
            if (line.has("invoice_item")) {
                InvoiceItem item = invoiceItem(call.account(), line.string("invoice_item"), line.name("invoice_item"));
                boolean pendingForThisInvoice = item.invoice == null && item.customer == invoice.customer
                        && item.currency.equals(invoice.currency);
                if (!pendingForThisInvoice) {
                    throw StripeApiError.invalid("Invalid " + line.name("invoice_item") + ": the invoice item must be "
                            + "pending, for the invoice's customer and in its currency.", line.name("invoice_item"));
                }
                created.add(item);
                continue;
            }
            created.add(newItem(call.account(), invoice.customer, invoice.currency, line, false));
        }
        // Only after every line was accepted: an invalid line leaves the invoice as it was.
        for (InvoiceItem item : created) {
            if (!invoiceItems.containsKey(item.id)) {
                invoiceItems.put(item.id, item);
            }
            attach(item, invoice);
        }
        p.applyMetadata("invoice_metadata", invoice.metadata);
        ObjectNode json = invoiceJson(invoice, call.expand());
        emit(call, "invoice.updated", invoice.account, invoiceJson(invoice, List.of()), null);
        return json;
    }

    ObjectNode listLines(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        return page(invoice.lines, line -> line.lineId, this::lineJson, call.params(),
                "/v1/invoices/" + invoice.id + "/lines", "line item");
    }

    ObjectNode listInvoices(Call call) {
        StripeParams p = call.params();
        String customerId = p.string("customer");
        String status = p.string("status");
        String method = p.string("collection_method");
        Predicate<Long> created = createdFilter(p);
        List<Invoice> all = invoices.values().stream()
                .filter(i -> i.account == call.account() && !i.deleted)
                .filter(i -> customerId == null || i.customer.id.equals(customerId))
                .filter(i -> status == null || i.status.equals(status))
                .filter(i -> method == null || i.collectionMethod.equals(method))
                .filter(i -> created.test(i.created))
                .sorted(Comparator.comparingLong((Invoice i) -> i.seq).reversed())
                .collect(Collectors.toList());
        List<String> expand = listExpansions(call.expand());
        return page(all, i -> i.id, i -> invoiceJson(i, expand), p, "/v1/invoices", "invoice");
    }

    private static Predicate<Long> createdFilter(StripeParams p) {
        if (p.has("created") && p.hash("created") == null) {
            long exact = p.integer("created");
            return created -> created == exact;
        }
        StripeParams range = p.hash("created");
        if (range == null) {
            return created -> true;
        }
        Long gt = range.integer("gt");
        Long gte = range.integer("gte");
        Long lt = range.integer("lt");
        Long lte = range.integer("lte");
        return created -> (gt == null || created > gt) && (gte == null || created >= gte)
                && (lt == null || created < lt) && (lte == null || created <= lte);
    }

    ObjectNode searchInvoices(Call call) {
        Map<String, Function<Invoice, Object>> fields = new LinkedHashMap<>();
        fields.put("created", i -> i.created);
        fields.put("currency", i -> i.currency);
        fields.put("customer", i -> i.customer.id);
        fields.put("number", i -> i.number);
        fields.put("status", i -> i.status);
        fields.put("total", Invoice::total);
        fields.put("subscription", i -> null);
        fields.put("receipt_number", i -> null);
        Predicate<Invoice> matches = StripeSearchQuery.parse(call.params().require("query"), "invoices", fields,
                i -> i.metadata);
        List<Invoice> found = invoices.values().stream()
                .filter(i -> i.account == call.account() && !i.deleted && indexed(i.created))
                .filter(matches)
                .sorted(Comparator.comparingLong((Invoice i) -> i.seq).reversed())
                .collect(Collectors.toList());
        List<String> expand = listExpansions(call.expand());
        return searchResult(found, i -> invoiceJson(i, expand), call.params(), "/v1/invoices/search");
    }

    ObjectNode finalizeInvoice(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        if (!invoice.status.equals("draft")) {
            throw StripeApiError.state("This invoice is already finalized, you can't re-finalize a non-draft invoice.",
                    "invoice_not_editable");
        }
        if (call.params().has("auto_advance")) {
            invoice.autoAdvance = call.params().bool("auto_advance");
        }
        finalizeDraft(call, invoice);
        return invoiceJson(invoice, call.expand());
    }

    /** Finalization as Stripe does it: a number, the hosted page, and "paid" at once when nothing is due. */
    void finalizeDraft(Call call, Invoice invoice) {
        long now = now();
        Customer customer = invoice.customer;
        invoice.number = invoice.requestedNumber != null ? invoice.requestedNumber
                : customer.invoicePrefix + "-" + String.format("%04d", customer.nextInvoiceSequence++);
        invoice.finalizedAt = now;
        invoice.finalizationError = null;
        invoice.token = StripeJson.random(40);
        if ("send_invoice".equals(invoice.collectionMethod) && invoice.dueDate == null) {
            invoice.dueDate = now + invoice.daysUntilDue * 86_400L;
        }
        long total = invoice.total();
        // A negative total is a credit: Stripe puts it on the customer's balance.
        invoice.endingBalance = Math.min(0, total);
        customer.balance += Math.min(0, total);
        if (customer.currency == null) {
            customer.currency = invoice.currency;
        }
        if (invoice.amountDue() == 0) {
            invoice.status = "paid";
            invoice.paidAt = now;
        } else {
            invoice.status = "open";
            invoice.nextPaymentAttempt = "charge_automatically".equals(invoice.collectionMethod) && invoice.autoAdvance
                    ? now + 3600 : null;
        }
        Map<String, Object> previous = Map.of("status", "draft");
        emit(call, "invoice.finalized", invoice.account, invoiceJson(invoice, List.of()), previous);
        if (invoice.status.equals("paid")) {
            emit(call, "invoice.paid", invoice.account, invoiceJson(invoice, List.of()), previous);
        }
    }

    ObjectNode voidInvoice(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        markVoid(call, invoice);
        return invoiceJson(invoice, call.expand());
    }

    void markVoid(Call call, Invoice invoice) {
        switch (invoice.status) {
            case "open":
            case "uncollectible":
                break;
            case "draft":
                throw StripeApiError.state("You can only void an open or uncollectible invoice. This invoice is a "
                        + "draft: delete it instead.", "invoice_not_editable");
            default:
                throw StripeApiError.state("You can only void an open or uncollectible invoice. This invoice is "
                        + invoice.status + ".", "invoice_not_editable");
        }
        String before = invoice.status;
        invoice.status = "void";
        invoice.voidedAt = now();
        invoice.nextPaymentAttempt = null;
        emit(call, "invoice.voided", invoice.account, invoiceJson(invoice, List.of()), Map.of("status", before));
    }

    ObjectNode markUncollectible(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        markUncollectible(call, invoice);
        return invoiceJson(invoice, call.expand());
    }

    void markUncollectible(Call call, Invoice invoice) {
        if (!invoice.status.equals("open")) {
            throw StripeApiError.state("You can only mark an open invoice as uncollectible. This invoice is "
                    + invoice.status + ".", "invoice_not_editable");
        }
        invoice.status = "uncollectible";
        invoice.uncollectibleAt = now();
        invoice.nextPaymentAttempt = null;
        emit(call, "invoice.marked_uncollectible", invoice.account, invoiceJson(invoice, List.of()),
                Map.of("status", "open"));
    }

    ObjectNode payInvoice(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        StripeParams p = call.params();
        if (invoice.status.equals("draft")) {
            finalizeDraft(call, invoice); // Stripe finalizes a draft before paying it
        }
        switch (invoice.status) {
            case "paid":
                throw StripeApiError.state("Invoice is already paid.", null);
            case "void":
                throw StripeApiError.state("This invoice has been voided; a void invoice can't be paid.", null);
            default:
                break;
        }
        if (Boolean.TRUE.equals(p.bool("paid_out_of_band"))) {
            markPaid(call, invoice, true);
        } else if (invoice.customer.declinePayments) {
            paymentFailed(call, invoice);
            throw StripeApiError.cardDeclined();
        } else {
            markPaid(call, invoice, false);
        }
        return invoiceJson(invoice, call.expand());
    }

    void markPaid(Call call, Invoice invoice, boolean outOfBand) {
        if (!invoice.status.equals("open") && !invoice.status.equals("uncollectible")) {
            throw StripeApiError.state("Only an open or uncollectible invoice can be paid; this one is "
                    + invoice.status + ".", null);
        }
        String before = invoice.status;
        invoice.status = "paid";
        invoice.paidAt = now();
        invoice.amountPaid = invoice.amountDue();
        invoice.paidOutOfBand = outOfBand;
        if (!outOfBand) {
            invoice.attempted = true;
            invoice.attemptCount++;
        }
        invoice.nextPaymentAttempt = null;
        Map<String, Object> previous = Map.of("status", before, "amount_paid", 0);
        emit(call, "invoice.paid", invoice.account, invoiceJson(invoice, List.of()), previous);
        emit(call, "invoice.payment_succeeded", invoice.account, invoiceJson(invoice, List.of()), previous);
    }

    void paymentFailed(Call call, Invoice invoice) {
        if (!invoice.status.equals("open")) {
            throw new IllegalStateException("a payment can only fail on an open invoice, not " + invoice.status);
        }
        invoice.attempted = true;
        invoice.attemptCount++;
        invoice.nextPaymentAttempt = now() + 3 * 86_400L; // Smart Retries would try again in a few days
        emit(call, "invoice.payment_failed", invoice.account, invoiceJson(invoice, List.of()),
                Map.of("attempt_count", invoice.attemptCount - 1));
    }

    void finalizationFailed(Call call, Invoice invoice, String message) {
        requireDraft(invoice, "fail the finalization of");
        invoice.finalizationError = message;
        emit(call, "invoice.finalization_failed", invoice.account, invoiceJson(invoice, List.of()), null);
    }

    ObjectNode sendInvoice(Call call) {
        Invoice invoice = invoice(call.account(), call.arg(0), "id", true);
        if (invoice.status.equals("draft")) {
            finalizeDraft(call, invoice);
        }
        if (!"send_invoice".equals(invoice.collectionMethod) || !invoice.status.equals("open")) {
            throw StripeApiError.state("You can only send an open invoice whose collection_method is send_invoice.",
                    null);
        }
        emit(call, "invoice.sent", invoice.account, invoiceJson(invoice, List.of()), null);
        return invoiceJson(invoice, call.expand());
    }

    Invoice invoice(Account account, String id, String param, boolean inPath) {
        Invoice invoice = invoices.get(id);
        if (invoice == null || invoice.account != account || invoice.deleted) {
            throw StripeApiError.noSuch("invoice", id, param, inPath);
        }
        return invoice;
    }

    /** For the test helpers, which act as Stripe itself and so see every account. */
    Invoice invoiceAnyAccount(String id) {
        Invoice invoice = invoices.get(id);
        if (invoice == null || invoice.deleted) {
            throw new IllegalArgumentException("no invoice " + id + " in the fake");
        }
        return invoice;
    }

    private static void requireDraft(Invoice invoice, String action) {
        if (!invoice.status.equals("draft")) {
            throw StripeApiError.state("You can only " + action + " a draft invoice. Invoice " + invoice.id + " is "
                    + invoice.status + ".", "invoice_not_editable");
        }
    }

    private static void checkLineCount(Invoice invoice, int adding, String param) {
        int after = invoice.lines.size() + adding;
        if (after > MAX_INVOICE_LINES) {
            throw StripeApiError.invalid("An invoice can have at most " + MAX_INVOICE_LINES + " line items; invoice "
                    + invoice.id + " has " + invoice.lines.size() + " and this request would add " + adding + ".",
                    param, "invoice_too_many_line_items");
        }
    }

    private static void attach(InvoiceItem item, Invoice invoice) {
        item.invoice = invoice;
        item.lineId = StripeJson.newId("il_");
        invoice.lines.add(item);
    }

    // ---- invoice items --------------------------------------------------------------------------------------------

    ObjectNode createInvoiceItem(Call call) {
        StripeParams p = call.params();
        Customer customer = customer(call.account(), p.require("customer"), "customer", false);
        Invoice invoice = null;
        if (p.has("invoice")) {
            invoice = invoice(call.account(), p.string("invoice"), "invoice", false);
            requireDraft(invoice, "add invoice items to");
            if (invoice.customer != customer) {
                throw StripeApiError.invalid("Invalid invoice: invoice " + invoice.id + " belongs to customer "
                        + invoice.customer.id + ", not " + customer.id + ".", "invoice");
            }
            checkLineCount(invoice, 1, "invoice");
        }
        String currency = p.has("currency") ? StripeCurrency.normalize(p.string("currency"), "currency")
                : invoice != null ? invoice.currency : customer.currency != null ? customer.currency : "usd";
        if (invoice != null && !currency.equals(invoice.currency)) {
            throw StripeApiError.invalid("Invalid currency: the invoice item's currency (" + currency + ") must match "
                    + "the currency of invoice " + invoice.id + " (" + invoice.currency + ").", "currency");
        }
        InvoiceItem item = newItem(call.account(), customer, currency, p, true);
        invoiceItems.put(item.id, item);
        if (invoice != null) {
            attach(item, invoice);
        }
        ObjectNode json = invoiceItemJson(item);
        emit(call, "invoiceitem.created", item.account, json, null);
        return json;
    }

    ObjectNode retrieveInvoiceItem(Call call) {
        return invoiceItemJson(invoiceItem(call.account(), call.arg(0), null));
    }

    ObjectNode deleteInvoiceItem(Call call) {
        InvoiceItem item = invoiceItem(call.account(), call.arg(0), null);
        if (item.invoice != null) {
            requireDraft(item.invoice, "remove invoice items from");
            item.invoice.lines.remove(item);
        }
        invoiceItems.remove(item.id);
        return deletedStub(item.id, "invoiceitem");
    }

    private InvoiceItem invoiceItem(Account account, String id, String param) {
        InvoiceItem item = invoiceItems.get(id);
        if (item == null || item.account != account) {
            throw StripeApiError.noSuch("invoiceitem", id, param == null ? "id" : param, param == null);
        }
        return item;
    }

    /**
     * A line's amount as Stripe computes it: exactly one of amount, unit_amount_decimal (invoice items only),
     * price_data or pricing; a quantity multiplies a unit amount; a three-decimal currency needs multiples of 10.
     */
    private InvoiceItem newItem(Account account, Customer customer, String currency, StripeParams p,
            boolean invoiceItemEndpoint) {
        List<String> given = new ArrayList<>();
        for (String name : List.of("amount", "unit_amount_decimal", "price_data", "pricing")) {
            if (p.has(name)) {
                given.add(p.name(name));
            }
        }
        if (given.size() > 1) {
            throw StripeApiError.invalid("You may only specify one of these parameters: " + String.join(", ", given)
                    + ".", given.get(1));
        }
        if (given.isEmpty()) {
            throw StripeApiError.invalid("You must pass one of " + p.name("amount") + ", " + p.name("price_data")
                    + (invoiceItemEndpoint ? ", " + p.name("pricing") + " or " + p.name("unit_amount_decimal")
                    : " or " + p.name("pricing")) + ".", p.name("amount"), "parameter_missing");
        }
        BigDecimal quantity = p.has("quantity_decimal") ? p.decimal("quantity_decimal")
                : p.has("quantity") ? BigDecimal.valueOf(p.integer("quantity")) : BigDecimal.ONE;
        if (quantity.signum() < 0) {
            String name = p.has("quantity_decimal") ? p.name("quantity_decimal") : p.name("quantity");
            throw StripeApiError.invalid("Invalid " + name + ": must be greater than or equal to 0.", name);
        }
        InvoiceItem item = new InvoiceItem();
        item.id = StripeJson.newId("ii_");
        item.account = account;
        item.customer = customer;
        item.currency = currency;
        item.created = now();
        item.quantity = quantity;
        item.description = p.string("description");
        if (p.has("amount")) {
            item.amount = p.integer("amount");
            StripeCurrency.checkAmount(currency, item.amount, p.name("amount"));
            item.unitAmountDecimal = quantity.signum() == 0 ? BigDecimal.ZERO
                    : new BigDecimal(item.amount).divide(quantity, 12, java.math.RoundingMode.HALF_UP)
                            .stripTrailingZeros();
        } else if (p.has("unit_amount_decimal")) {
            item.unitAmountDecimal = p.decimal("unit_amount_decimal");
            item.amount = StripeCurrency.lineAmount(item.unitAmountDecimal, quantity);
            StripeCurrency.checkAmount(currency, item.amount, p.name("unit_amount_decimal"));
        } else if (p.has("pricing")) {
            StripeParams pricing = p.hash("pricing");
            String price = pricing.require("price");
            throw StripeApiError.noSuch("price", price, pricing.name("price"), false); // the fake keeps no prices
        } else {
            StripeParams priceData = p.hash("price_data");
            String priceCurrency = StripeCurrency.normalize(priceData.require("currency"), priceData.name("currency"));
            if (!priceCurrency.equals(currency)) {
                throw StripeApiError.invalid("Invalid " + priceData.name("currency") + ": the price's currency ("
                        + priceCurrency + ") must match the invoice's (" + currency + ").", priceData.name("currency"));
            }
            StripeParams productData = priceData.hash("product_data");
            if (productData == null) {
                String product = priceData.require("product");
                throw StripeApiError.noSuch("product", product, priceData.name("product"), false);
            }
            if (item.description == null) {
                item.description = productData.require("name");
            }
            if (priceData.has("unit_amount")) {
                long unit = priceData.integer("unit_amount");
                StripeCurrency.checkAmount(currency, unit, priceData.name("unit_amount"));
                item.unitAmountDecimal = BigDecimal.valueOf(unit);
            } else if (priceData.has("unit_amount_decimal")) {
                item.unitAmountDecimal = priceData.decimal("unit_amount_decimal");
            } else {
                throw StripeApiError.missingParameter(priceData.name("unit_amount"));
            }
            item.amount = StripeCurrency.lineAmount(item.unitAmountDecimal, quantity);
            StripeCurrency.checkAmount(currency, item.amount, priceData.name("unit_amount"));
        }
        StripeParams period = p.hash("period");
        if (period != null) {
            long start = Long.parseLong(period.require("start"));
            long end = Long.parseLong(period.require("end"));
            if (end < start) {
                throw StripeApiError.invalid("Invalid " + period.name("end") + ": the period's end (" + end
                        + ") must not be before its start (" + start + ").", period.name("end"));
            }
            item.periodStart = start;
            item.periodEnd = end;
        } else {
            item.periodStart = item.created;
            item.periodEnd = item.created;
        }
        if (p.has("discountable")) {
            item.discountable = p.bool("discountable");
        }
        p.applyMetadata("metadata", item.metadata);
        return item;
    }

    // ---- webhook endpoints and the billing portal -----------------------------------------------------------------

    ObjectNode createWebhookEndpoint(Call call) {
        StripeParams p = call.params();
        String url = p.require("url");
        List<String> events = p.strings("enabled_events");
        if (events.isEmpty()) {
            throw StripeApiError.missingParameter("enabled_events");
        }
        long existing = endpoints.values().stream().filter(e -> e.account == call.account()).count();
        if (existing >= MAX_WEBHOOK_ENDPOINTS) {
            throw StripeApiError.invalid("You have reached the maximum of " + MAX_WEBHOOK_ENDPOINTS + " test webhook "
                    + "endpoints.", "url");
        }
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.id = StripeJson.newId("we_");
        endpoint.account = call.account();
        endpoint.created = now();
        endpoint.url = checkUrl(url, "url");
        endpoint.secret = "whsec_" + StripeJson.random(32);
        endpoint.enabledEvents = events;
        endpoint.description = p.string("description");
        endpoint.apiVersion = p.string("api_version");
        p.applyMetadata("metadata", endpoint.metadata);
        endpoints.put(endpoint.id, endpoint);
        return webhookEndpointJson(endpoint, true); // Stripe shows the secret only in this answer
    }

    ObjectNode retrieveWebhookEndpoint(Call call) {
        return webhookEndpointJson(webhookEndpoint(call), false);
    }

    ObjectNode updateWebhookEndpoint(Call call) {
        WebhookEndpoint endpoint = webhookEndpoint(call);
        StripeParams p = call.params();
        if (p.has("url")) {
            endpoint.url = checkUrl(p.string("url"), "url");
        }
        if (p.raw().containsKey("enabled_events")) {
            endpoint.enabledEvents = p.strings("enabled_events");
        }
        if (p.has("disabled")) {
            endpoint.disabled = p.bool("disabled");
        }
        if (p.raw().containsKey("description")) {
            endpoint.description = p.string("description");
        }
        p.applyMetadata("metadata", endpoint.metadata);
        return webhookEndpointJson(endpoint, false);
    }

    ObjectNode deleteWebhookEndpoint(Call call) {
        WebhookEndpoint endpoint = webhookEndpoint(call);
        endpoints.remove(endpoint.id);
        return deletedStub(endpoint.id, "webhook_endpoint");
    }

    ObjectNode listWebhookEndpoints(Call call) {
        List<WebhookEndpoint> all = endpoints.values().stream().filter(e -> e.account == call.account())
                .sorted(Comparator.comparingLong((WebhookEndpoint e) -> e.created).reversed())
                .collect(Collectors.toList());
        return page(all, e -> e.id, e -> webhookEndpointJson(e, false), call.params(), "/v1/webhook_endpoints",
                "webhook endpoint");
    }

    private WebhookEndpoint webhookEndpoint(Call call) {
        WebhookEndpoint endpoint = endpoints.get(call.arg(0));
        if (endpoint == null || endpoint.account != call.account()) {
            throw StripeApiError.noSuch("webhook_endpoint", call.arg(0), "id", true);
        }
        return endpoint;
    }

    private static String checkUrl(String url, String param) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw StripeApiError.invalid("Invalid URL: " + url + ". URLs must be absolute http(s) URLs.", param,
                    "url_invalid");
        }
        return url;
    }

    ObjectNode webhookEndpointJson(WebhookEndpoint endpoint, boolean withSecret) {
        ObjectNode json = StripeJson.object();
        json.put("id", endpoint.id);
        json.put("object", "webhook_endpoint");
        json.put("api_version", endpoint.apiVersion);
        json.putNull("application");
        json.put("created", endpoint.created);
        json.put("description", endpoint.description);
        ArrayNode events = json.putArray("enabled_events");
        endpoint.enabledEvents.forEach(events::add);
        json.put("livemode", endpoint.account.livemode);
        json.set("metadata", StripeJson.stringMap(endpoint.metadata));
        if (withSecret) {
            json.put("secret", endpoint.secret);
        }
        json.put("status", endpoint.disabled ? "disabled" : "enabled");
        json.put("url", endpoint.url);
        return json;
    }

    ObjectNode createPortalSession(Call call) {
        StripeParams p = call.params();
        Customer customer = customer(call.account(), p.require("customer"), "customer", false);
        String returnUrl = p.has("return_url") ? checkUrl(p.string("return_url"), "return_url") : null;
        String configuration = p.string("configuration");
        if (configuration != null && !configuration.startsWith("bpc_")) {
            throw StripeApiError.noSuch("billing_portal.configuration", configuration, "configuration", false);
        }
        ObjectNode json = StripeJson.object();
        json.put("id", StripeJson.newId("bps_"));
        json.put("object", "billing_portal.session");
        json.put("configuration", configuration != null ? configuration
                : "bpc_" + call.account().id.substring("acct_".length()) + "default");
        json.put("created", now());
        json.put("customer", customer.id);
        json.putNull("flow");
        json.put("livemode", call.account().livemode);
        json.put("locale", p.string("locale"));
        json.put("on_behalf_of", p.string("on_behalf_of"));
        json.put("return_url", returnUrl);
        json.put("url", "https://billing.stripe.com/p/session/" + (call.account().livemode ? "live_" : "test_")
                + StripeJson.random(48));
        return json;
    }

    // ---- events ---------------------------------------------------------------------------------------------------

    List<WebhookEndpoint> endpointsFor(Account account, String type) {
        return endpoints.values().stream().filter(e -> e.account == account && e.wants(type))
                .collect(Collectors.toList());
    }

    List<WebhookEndpoint> allEndpoints() {
        return new ArrayList<>(endpoints.values());
    }

    /** The object an event is about, as the API would show it now, with its account. */
    Map.Entry<Account, ObjectNode> snapshot(String objectId) {
        if (invoices.containsKey(objectId)) {
            Invoice invoice = invoices.get(objectId);
            return Map.entry(invoice.account, invoiceJson(invoice, List.of()));
        }
        if (customers.containsKey(objectId)) {
            Customer customer = customers.get(objectId);
            return Map.entry(customer.account, customerJson(customer));
        }
        if (invoiceItems.containsKey(objectId)) {
            InvoiceItem item = invoiceItems.get(objectId);
            return Map.entry(item.account, invoiceItemJson(item));
        }
        throw new IllegalArgumentException("no object " + objectId + " in the fake");
    }

    // ---- inspection for tests -------------------------------------------------------------------------------------

    List<Invoice> allInvoices() {
        return invoices.values().stream().filter(i -> !i.deleted).collect(Collectors.toList());
    }

    List<Customer> allCustomers() {
        return new ArrayList<>(customers.values());
    }

    Customer customerAnyAccount(String id) {
        Customer customer = customers.get(id);
        if (customer == null) {
            throw new IllegalArgumentException("no customer " + id + " in the fake");
        }
        return customer;
    }

    // ---- JSON -----------------------------------------------------------------------------------------------------

    ObjectNode invoiceJson(Invoice invoice, List<String> expand) {
        for (String field : expand) {
            if (!Set.of("customer", "lines", "lines.data").contains(field)) {
                throw StripeApiError.invalid("This property cannot be expanded (" + field + ").", "expand");
            }
        }
        String acct = invoice.account.id;
        String mode = invoice.account.livemode ? "live_" : "test_";
        long total = invoice.total();
        long amountDue = invoice.amountDue();
        boolean settled = invoice.status.equals("paid") || invoice.status.equals("void");
        ObjectNode json = StripeJson.object();
        json.put("id", invoice.id);
        json.put("object", "invoice");
        json.put("account_country", "US");
        json.put("account_name", "Fake Stripe account " + acct);
        json.putNull("account_tax_ids");
        json.put("amount_due", amountDue);
        json.put("amount_overpaid", 0);
        json.put("amount_paid", invoice.amountPaid);
        json.put("amount_remaining", settled ? 0 : amountDue - invoice.amountPaid);
        json.put("amount_shipping", 0);
        json.putNull("application");
        json.put("attempt_count", invoice.attemptCount);
        json.put("attempted", invoice.attempted);
        json.put("auto_advance", invoice.autoAdvance);
        ObjectNode tax = json.putObject("automatic_tax");
        tax.putNull("disabled_reason");
        tax.put("enabled", false);
        tax.putNull("liability");
        tax.putNull("status");
        if (invoice.status.equals("draft") && invoice.autoAdvance) {
            json.put("automatically_finalizes_at", invoice.created + 3600);
        } else {
            json.putNull("automatically_finalizes_at");
        }
        json.put("billing_reason", "manual");
        json.put("collection_method", invoice.collectionMethod);
        json.put("created", invoice.created);
        json.put("currency", invoice.currency);
        if (invoice.customFields == null) {
            json.putNull("custom_fields");
        } else {
            ArrayNode fields = json.putArray("custom_fields");
            invoice.customFields.forEach(f -> fields.add(StripeJson.stringMap(f)));
        }
        if (expand.contains("customer")) {
            json.set("customer", customerJson(invoice.customer));
        } else {
            json.put("customer", invoice.customer.id);
        }
        json.putNull("customer_address");
        json.put("customer_email", invoice.customer.email);
        json.put("customer_name", invoice.customer.name);
        json.put("customer_phone", invoice.customer.phone);
        json.putNull("customer_shipping");
        json.put("customer_tax_exempt", "none");
        json.putArray("customer_tax_ids");
        json.putNull("default_payment_method");
        json.putNull("default_source");
        json.putArray("default_tax_rates");
        json.put("description", invoice.description);
        json.putArray("discounts");
        putNullable(json, "due_date", invoice.dueDate);
        putNullable(json, "effective_at", invoice.finalizedAt);
        putNullable(json, "ending_balance", invoice.endingBalance);
        json.put("footer", invoice.footer);
        json.putNull("from_invoice");
        json.put("hosted_invoice_url", invoice.token == null ? null
                : "https://invoice.stripe.com/i/" + acct + "/" + mode + invoice.token);
        json.put("invoice_pdf", invoice.token == null ? null
                : "https://pay.stripe.com/invoice/" + acct + "/" + mode + invoice.token + "/pdf");
        json.putObject("issuer").put("type", "self");
        if (invoice.finalizationError == null) {
            json.putNull("last_finalization_error");
        } else {
            ObjectNode error = json.putObject("last_finalization_error");
            error.put("message", invoice.finalizationError);
            error.put("type", "invalid_request_error");
        }
        json.putNull("latest_revision");
        json.set("lines", page(invoice.lines.subList(0, Math.min(EMBEDDED_LINES, invoice.lines.size())),
                invoice.lines.size() > EMBEDDED_LINES, "/v1/invoices/" + invoice.id + "/lines", this::lineJson)
                .put("total_count", invoice.lines.size()));
        json.put("livemode", invoice.account.livemode);
        json.set("metadata", StripeJson.stringMap(invoice.metadata));
        putNullable(json, "next_payment_attempt", invoice.nextPaymentAttempt);
        json.put("number", invoice.number);
        json.putNull("on_behalf_of");
        json.putNull("parent");
        ObjectNode paymentSettings = json.putObject("payment_settings");
        paymentSettings.putNull("default_mandate");
        paymentSettings.putNull("payment_method_options");
        paymentSettings.putNull("payment_method_types");
        json.put("period_end", invoice.created);
        json.put("period_start", invoice.created);
        json.put("post_payment_credit_notes_amount", 0);
        json.put("pre_payment_credit_notes_amount", 0);
        json.putNull("receipt_number");
        json.putNull("rendering");
        json.putNull("shipping_cost");
        json.putNull("shipping_details");
        json.put("starting_balance", 0);
        json.putNull("statement_descriptor");
        json.put("status", invoice.status);
        ObjectNode transitions = json.putObject("status_transitions");
        putNullable(transitions, "finalized_at", invoice.finalizedAt);
        putNullable(transitions, "marked_uncollectible_at", invoice.uncollectibleAt);
        putNullable(transitions, "paid_at", invoice.paidAt);
        putNullable(transitions, "voided_at", invoice.voidedAt);
        json.put("subtotal", total);
        json.put("subtotal_excluding_tax", total);
        json.putNull("test_clock");
        json.put("total", total);
        json.putArray("total_discount_amounts");
        json.put("total_excluding_tax", total);
        json.putArray("total_pretax_credit_amounts");
        json.putArray("total_taxes");
        putNullable(json, "webhooks_delivered_at", invoice.finalizedAt);
        return json;
    }

    ObjectNode lineJson(InvoiceItem line) {
        ObjectNode json = StripeJson.object();
        json.put("id", line.lineId);
        json.put("object", "line_item");
        json.put("amount", line.amount);
        json.put("currency", line.currency);
        json.put("description", line.description);
        json.putArray("discount_amounts");
        json.put("discountable", line.discountable);
        json.putArray("discounts");
        json.put("invoice", line.invoice == null ? null : line.invoice.id);
        json.put("livemode", line.account.livemode);
        json.set("metadata", StripeJson.stringMap(line.metadata));
        ObjectNode parent = json.putObject("parent");
        ObjectNode details = parent.putObject("invoice_item_details");
        details.put("invoice_item", line.id);
        details.put("proration", false);
        details.putObject("proration_details").putNull("credited_items");
        details.putNull("subscription");
        parent.putNull("subscription_item_details");
        parent.put("type", "invoice_item_details");
        ObjectNode period = json.putObject("period");
        period.put("end", line.periodEnd);
        period.put("start", line.periodStart);
        json.putArray("pretax_credit_amounts");
        json.set("pricing", pricingJson(line));
        putQuantity(json, line.quantity);
        json.putNull("subscription");
        json.put("subtotal", line.amount);
        json.putArray("taxes");
        return json;
    }

    ObjectNode invoiceItemJson(InvoiceItem item) {
        ObjectNode json = StripeJson.object();
        json.put("id", item.id);
        json.put("object", "invoiceitem");
        json.put("amount", item.amount);
        json.put("currency", item.currency);
        json.put("customer", item.customer.id);
        json.put("date", item.created);
        json.put("description", item.description);
        json.put("discountable", item.discountable);
        json.putArray("discounts");
        json.put("invoice", item.invoice == null ? null : item.invoice.id);
        json.put("livemode", item.account.livemode);
        json.set("metadata", StripeJson.stringMap(item.metadata));
        json.put("net_amount", item.amount);
        json.putNull("parent");
        ObjectNode period = json.putObject("period");
        period.put("end", item.periodEnd);
        period.put("start", item.periodStart);
        json.set("pricing", pricingJson(item));
        json.put("proration", false);
        putQuantity(json, item.quantity);
        json.putArray("tax_rates");
        json.putNull("test_clock");
        return json;
    }

    private static ObjectNode pricingJson(InvoiceItem item) {
        ObjectNode pricing = StripeJson.object();
        pricing.putNull("price_details");
        pricing.put("type", "price_details");
        pricing.put("unit_amount_decimal", item.unitAmountDecimal == null ? null
                : item.unitAmountDecimal.toPlainString());
        return pricing;
    }

    private static void putQuantity(ObjectNode json, BigDecimal quantity) {
        boolean whole = quantity.stripTrailingZeros().scale() <= 0;
        if (whole) {
            json.put("quantity", quantity.longValueExact());
        } else {
            json.putNull("quantity");
        }
        json.put("quantity_decimal", quantity.stripTrailingZeros().toPlainString());
    }

    private static void putNullable(ObjectNode json, String name, Long value) {
        if (value == null) {
            json.putNull(name);
        } else {
            json.put(name, value);
        }
    }

    private static ObjectNode deletedStub(String id, String object) {
        ObjectNode json = StripeJson.object();
        json.put("id", id);
        json.put("object", object);
        json.put("deleted", true);
        return json;
    }

    /** Only "data.customer" style expansions make sense on a list; they expand each item's field. */
    private static List<String> listExpansions(List<String> expand) {
        List<String> inner = new ArrayList<>();
        for (String field : expand) {
            if (field.equals("total_count")) {
                continue;
            }
            if (!field.startsWith("data.")) {
                throw StripeApiError.invalid("This property cannot be expanded (" + field + "). You may want to try "
                        + "expanding 'data." + field + "' instead.", "expand");
            }
            inner.add(field.substring("data.".length()));
        }
        return inner;
    }

    private boolean indexed(long created) {
        // Stripe's search is not read-after-write: new objects show up after a delay (under a minute, usually).
        return created <= now() - searchLag.getSeconds();
    }

    /** A list page as Stripe pages: limit 1..100 (10 by default), starting_after / ending_before object ids. */
    private <T> ObjectNode page(List<T> all, Function<T, String> id, Function<T, ObjectNode> render, StripeParams p,
            String url, String objectName) {
        long limit = limit(p);
        int from = 0;
        int to = all.size();
        if (p.has("starting_after")) {
            from = indexOf(all, id, p.string("starting_after"), objectName, "starting_after") + 1;
        } else if (p.has("ending_before")) {
            to = indexOf(all, id, p.string("ending_before"), objectName, "ending_before");
            from = (int) Math.max(0, to - limit);
        }
        int end = (int) Math.min(to, from + limit);
        return page(all.subList(from, end), end < to, url, render);
    }

    private static <T> int indexOf(List<T> all, Function<T, String> id, String wanted, String objectName,
            String param) {
        for (int i = 0; i < all.size(); i++) {
            if (id.apply(all.get(i)).equals(wanted)) {
                return i;
            }
        }
        throw StripeApiError.noSuch(objectName, wanted, param, false);
    }

    private static <T> ObjectNode page(List<T> items, boolean hasMore, String url, Function<T, ObjectNode> render) {
        ObjectNode json = StripeJson.object();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        items.forEach(item -> data.add(render.apply(item)));
        json.put("has_more", hasMore);
        json.put("url", url);
        return json;
    }

    private static long limit(StripeParams p) {
        long limit = p.has("limit") ? p.integer("limit") : 10;
        if (limit < 1 || limit > 100) {
            throw StripeApiError.invalid("Invalid limit: must be between 1 and 100.", "limit");
        }
        return limit;
    }

    /** Stripe's search answer: page tokens instead of cursors, and next_page when there is more. */
    private static <T> ObjectNode searchResult(List<T> found, Function<T, ObjectNode> render, StripeParams p,
            String url) {
        long limit = limit(p);
        int from = 0;
        if (p.has("page")) {
            String token = p.string("page");
            if (!token.matches("fakepage_[0-9]{1,9}")) {
                throw StripeApiError.invalid("Invalid page: '" + token + "' is not a page token from a previous "
                        + "search.", "page");
            }
            from = Math.min(found.size(), Integer.parseInt(token.substring("fakepage_".length())));
        }
        int end = (int) Math.min(found.size(), from + limit);
        ObjectNode json = StripeJson.object();
        json.put("object", "search_result");
        ArrayNode data = json.putArray("data");
        found.subList(from, end).forEach(item -> data.add(render.apply(item)));
        json.put("has_more", end < found.size());
        json.put("next_page", end < found.size() ? "fakepage_" + end : null);
        if (p.strings("expand").contains("total_count")) {
            json.put("total_count", found.size());
        }
        json.put("url", url);
        return json;
    }

    static String apiVersion() {
        return Stripe.API_VERSION;
    }
}
