package dev.tollgate.app.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.param.AccountRetrieveCurrentParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerRetrieveParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.InvoiceAddLinesParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.InvoiceItemRetrieveParams;
import com.stripe.param.InvoiceLineItemListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.InvoiceMarkUncollectibleParams;
import com.stripe.param.InvoicePayParams;
import com.stripe.param.InvoiceRetrieveParams;
import com.stripe.param.InvoiceSearchParams;
import com.stripe.param.InvoiceSendInvoiceParams;
import com.stripe.param.InvoiceUpdateParams;
import com.stripe.param.InvoiceVoidInvoiceParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointRetrieveParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.app.stripe.StripeLedger.Emitted;
import dev.tollgate.app.stripe.StripeLedger.Invoice;
import dev.tollgate.app.stripe.StripeLedger.InvoiceItem;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A fake Stripe API server for tests: a real HTTP server on 127.0.0.1 that answers the part of Stripe's v1 API that
 * Tollgate uses (account, customers, invoices and their lines, invoice items, webhook endpoints, billing portal
 * sessions) the way Stripe does — form-encoded parameters checked against stripe-java's params classes, Stripe's
 * error envelope and status codes, idempotency keys, invoice status rules, signed webhooks — and lets tests inject
 * faults (500s, 429s, hangs before or after executing) and look at what happened.
 *
 * <p>Use it from an in-process test or from a test that starts Tollgate in its own JVM: everything goes through HTTP.
 * Thread-safe. Point stripe-java at it with {@code StripeClient.builder().setApiKey(key).setApiBase(fake.baseUrl())}.
 */
public final class FakeStripe implements AutoCloseable {

    private static final Pattern ARGUMENT = Pattern.compile("\\{[a-z]+}");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExecutorService eventSender;
    private final Clock baseClock;
    private volatile Duration offset = Duration.ZERO;
    private final StripeLedger ledger;
    private final IdempotencyStore idempotency = new IdempotencyStore();
    private final FaultPlan faults = new FaultPlan();
    private final WebhookSender webhooks = new WebhookSender();
    private final List<Route> routes = new ArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    /** The credentials of an account made by {@link #newAccount()}. */
    public record Credentials(String accountId, String apiKey) {
    }

    /** An invoice as it is in the fake now; amounts in the currency's smallest unit, times in epoch seconds. */
    public record InvoiceView(String id, String accountId, String customer, String status, String currency,
            String number, long total, long subtotal, long amountDue, long amountPaid, long amountRemaining,
            String description, String collectionMethod, boolean autoAdvance, Map<String, String> metadata,
            List<LineView> lines, String hostedInvoiceUrl, String invoicePdf, long created, Long finalizedAt,
            Long paidAt, Long voidedAt, Long markedUncollectibleAt, int attemptCount) {
    }

    /** One invoice line; {@code invoiceItem} is the ii_ the line was made from. */
    public record LineView(String id, String invoiceItem, long amount, String currency, String description,
            BigDecimal quantity, long periodStart, long periodEnd, Map<String, String> metadata) {
    }

    public record CustomerView(String id, String accountId, String email, String name, String description,
            Map<String, String> metadata, long balance, String currency, boolean deleted, long created) {
    }

    public record WebhookEndpointView(String id, String accountId, String url, String secret,
            List<String> enabledEvents, boolean enabled) {
    }

    private record Route(String method, Pattern path, StripeParamSchema schema,
            Function<StripeLedger.Call, ObjectNode> handler) {
    }

    private record Answer(int status, String body, Map<String, String> headers, boolean replayed) {
    }

    private FakeStripe(Clock clock) throws IOException {
        this.baseClock = clock;
        this.ledger = new StripeLedger(this::now);
        defineRoutes();
        handlers = Executors.newCachedThreadPool(daemon("fake-stripe-http"));
        eventSender = Executors.newSingleThreadExecutor(daemon("fake-stripe-events"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake on an ephemeral port of 127.0.0.1, on the system clock. */
    public static FakeStripe start() {
        return start(Clock.systemUTC());
    }

    /** Starts a fake whose "now" (created, finalized_at, idempotency expiry, signatures) is this clock's. */
    public static FakeStripe start(Clock clock) {
        try {
            return new FakeStripe(clock);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake Stripe server", e);
        }
    }

    /** "http://127.0.0.1:PORT" — what stripe-java's setApiBase takes. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow(); // wakes requests that are being held
        eventSender.shutdownNow();
    }

    // ---- clock ----------------------------------------------------------------------------------------------------

    public Instant now() {
        return baseClock.instant().plus(offset);
    }

    /** Moves the fake's clock on, e.g. past the 24 hours after which idempotency keys are forgotten. */
    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    // ---- accounts and keys ----------------------------------------------------------------------------------------

    /** A new account with a new sk_test_ key. */
    public Credentials newAccount() {
        String key = "sk_test_" + StripeJson.random(40);
        return new Credentials(registerApiKey(key), key);
    }

    /** Makes the key valid: the account it already opens, or a new account. Answers the account id. */
    public String registerApiKey(String apiKey) {
        synchronized (ledger) {
            revokedKeys.remove(apiKey);
            return ledger.register(apiKey, null).id;
        }
    }

    /** Another key for an existing account (a restricted key, or the new key of a key rotation). */
    public void addApiKey(String accountId, String apiKey) {
        synchronized (ledger) {
            revokedKeys.remove(apiKey);
            ledger.register(apiKey, accountId);
        }
    }

    /** A rolled key: Stripe answers 401 "Expired API Key provided" from then on. */
    public void revokeApiKey(String apiKey) {
        synchronized (ledger) {
            ledger.revoke(apiKey);
            revokedKeys.add(apiKey);
        }
    }

    // ---- faults and behaviour -------------------------------------------------------------------------------------

    /**
     * The next {@code n} requests answer {@code status} without executing: 500 (api_error) or 429 (rate limit), or any
     * other error status. With {@code shouldRetry} non-null the answer carries Stripe-Should-Retry: true|false, which
     * stripe-java obeys before anything else (it retries 409 and 5xx, and 429 only when told to).
     */
    public void failNext(int n, int status, Boolean shouldRetry) {
        failNext(n, status, shouldRetry, null);
    }

    /** As {@link #failNext(int, int, Boolean)}, only for requests whose "METHOD /path" matches the regex. */
    public void failNext(int n, int status, Boolean shouldRetry, String requestPattern) {
        if (status < 400) {
            throw new IllegalArgumentException("a failure needs an error status, not " + status);
        }
        faults.add(new FaultPlan.Fault(FaultPlan.Kind.FAIL, n, pattern(requestPattern), status, shouldRetry, null));
    }

    /**
     * The next {@code n} requests hang for {@code hold} (make it longer than the client's read timeout). Before
     * executing: the request is then dropped unexecuted, as if lost on the way to Stripe. After executing: the
     * request runs and its idempotent result is saved, then the answer is held back — the object exists in Stripe but
     * the client never heard so, and a retry with the same Idempotency-Key gets the replay.
     */
    public void timeoutNext(int n, boolean afterExecuting, Duration hold) {
        timeoutNext(n, afterExecuting, hold, null);
    }

    /** As {@link #timeoutNext(int, boolean, Duration)}, only for requests whose "METHOD /path" matches the regex. */
    public void timeoutNext(int n, boolean afterExecuting, Duration hold, String requestPattern) {
        FaultPlan.Kind kind = afterExecuting ? FaultPlan.Kind.HOLD_AFTER : FaultPlan.Kind.HOLD_BEFORE;
        faults.add(new FaultPlan.Fault(kind, n, pattern(requestPattern), 0, null, hold));
    }

    /** Drops the faults not used yet. */
    public void clearFaults() {
        faults.clear();
    }

    /** How many injected faults are still waiting for a request. */
    public int pendingFaults() {
        return faults.pending();
    }

    /** Stripe's search lags writes (up to a minute); objects younger than {@code lag} are not found by search. */
    public void setSearchLag(Duration lag) {
        synchronized (ledger) {
            ledger.setSearchLag(lag);
        }
    }

    /** POST /v1/invoices/{id}/pay for this customer answers 402 card_declined (and emits invoice.payment_failed). */
    public void declinePayments(String customerId, boolean decline) {
        synchronized (ledger) {
            ledger.customerAnyAccount(customerId).declinePayments = decline;
        }
    }

    /**
     * When on, API calls emit the events Stripe would (invoice.created, invoice.finalized, invoice.paid, ...) and send
     * them to the webhook endpoints in the background, as Stripe does. Off by default: tests send events themselves.
     */
    public void setAutoEvents(boolean enabled) {
        synchronized (ledger) {
            ledger.setAutoEvents(enabled);
        }
    }

    /** How long a webhook delivery waits for the receiver (Stripe gives up after a while too). */
    public void setWebhookTimeout(Duration timeout) {
        webhooks.setTimeout(timeout);
    }

    private static Pattern pattern(String regex) {
        return regex == null ? null : Pattern.compile(regex);
    }

    // ---- the request log ------------------------------------------------------------------------------------------

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method whose path matches the regex, e.g. ("POST", "/v1/invoices"). */
    public List<RecordedRequest> requests(String method, String pathRegex) {
        return requests.stream().filter(r -> r.is(method, pathRegex)).collect(Collectors.toList());
    }

    public void clearRequests() {
        requests.clear();
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    public List<InvoiceView> invoices() {
        synchronized (ledger) {
            return ledger.allInvoices().stream().map(this::view).collect(Collectors.toList());
        }
    }

    public InvoiceView invoice(String id) {
        synchronized (ledger) {
            return view(ledger.invoiceAnyAccount(id));
        }
    }

    public List<InvoiceView> invoicesWithMetadata(String key, String value) {
        return invoices().stream().filter(i -> value.equals(i.metadata().get(key))).collect(Collectors.toList());
    }

    /** Invoices that have been finalized (whatever their status now). */
    public long finalizedInvoiceCount() {
        return invoices().stream().filter(i -> i.finalizedAt() != null).count();
    }

    public List<LineView> lines(String invoiceId) {
        return invoice(invoiceId).lines();
    }

    public List<CustomerView> customers() {
        synchronized (ledger) {
            return ledger.allCustomers().stream().map(FakeStripe::view).collect(Collectors.toList());
        }
    }

    public CustomerView customer(String id) {
        synchronized (ledger) {
            return view(ledger.customerAnyAccount(id));
        }
    }

    public List<WebhookEndpointView> webhookEndpoints() {
        synchronized (ledger) {
            return ledger.allEndpoints().stream()
                    .map(e -> new WebhookEndpointView(e.id, e.account.id, e.url, e.secret, List.copyOf(e.enabledEvents),
                            !e.disabled))
                    .collect(Collectors.toList());
        }
    }

    /** The signing secret of an endpoint (Stripe shows it only when the endpoint is created). */
    public String webhookSecret(String endpointId) {
        return webhookEndpoints().stream().filter(e -> e.id().equals(endpointId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no webhook endpoint " + endpointId)).secret();
    }

    /** The JSON the API would answer for this invoice, customer or invoice item now. */
    public JsonNode json(String objectId) {
        synchronized (ledger) {
            return ledger.snapshot(objectId).getValue();
        }
    }

    private InvoiceView view(Invoice invoice) {
        List<LineView> lines = invoice.lines.stream().map(FakeStripe::view).collect(Collectors.toList());
        ObjectNode json = ledger.invoiceJson(invoice, List.of());
        return new InvoiceView(invoice.id, invoice.account.id, invoice.customer.id, invoice.status, invoice.currency,
                invoice.number, invoice.total(), invoice.total(), invoice.amountDue(), invoice.amountPaid,
                json.get("amount_remaining").asLong(), invoice.description, invoice.collectionMethod,
                invoice.autoAdvance, Map.copyOf(invoice.metadata), lines, text(json, "hosted_invoice_url"),
                text(json, "invoice_pdf"), invoice.created, invoice.finalizedAt, invoice.paidAt, invoice.voidedAt,
                invoice.uncollectibleAt, invoice.attemptCount);
    }

    private static LineView view(InvoiceItem line) {
        return new LineView(line.lineId, line.id, line.amount, line.currency, line.description, line.quantity,
                line.periodStart, line.periodEnd, Map.copyOf(line.metadata));
    }

    private static CustomerView view(StripeLedger.Customer c) {
        return new CustomerView(c.id, c.account.id, c.email, c.name, c.description, Map.copyOf(c.metadata), c.balance,
                c.currency, c.deleted, c.created);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    // ---- Stripe-side changes and webhooks -------------------------------------------------------------------------

    /** The customer pays: open (or uncollectible) → paid; emits invoice.paid and invoice.payment_succeeded. */
    public void pay(String invoiceId) {
        pay(invoiceId, true);
    }

    public void pay(String invoiceId, boolean emitEvents) {
        stripeSide(emitEvents, () -> ledger.markPaid(null, ledger.invoiceAnyAccount(invoiceId), false));
    }

    /** A payment attempt fails: attempt_count goes up, the invoice stays open; emits invoice.payment_failed. */
    public void failPayment(String invoiceId) {
        failPayment(invoiceId, true);
    }

    public void failPayment(String invoiceId, boolean emitEvents) {
        stripeSide(emitEvents, () -> ledger.paymentFailed(null, ledger.invoiceAnyAccount(invoiceId)));
    }

    /** Voided from the Dashboard: open or uncollectible → void; emits invoice.voided. */
    public void voidInvoice(String invoiceId) {
        voidInvoice(invoiceId, true);
    }

    public void voidInvoice(String invoiceId, boolean emitEvents) {
        stripeSide(emitEvents, () -> ledger.markVoid(null, ledger.invoiceAnyAccount(invoiceId)));
    }

    /** Marked uncollectible (by hand or by the dunning settings): open → uncollectible. */
    public void markUncollectible(String invoiceId) {
        markUncollectible(invoiceId, true);
    }

    public void markUncollectible(String invoiceId, boolean emitEvents) {
        stripeSide(emitEvents, () -> ledger.markUncollectible(null, ledger.invoiceAnyAccount(invoiceId)));
    }

    /** Stripe finalizes a draft by itself (auto_advance, an hour after creation); emits invoice.finalized. */
    public void finalizeInvoice(String invoiceId) {
        finalizeInvoice(invoiceId, true);
    }

    public void finalizeInvoice(String invoiceId, boolean emitEvents) {
        stripeSide(emitEvents, () -> {
            Invoice invoice = ledger.invoiceAnyAccount(invoiceId);
            if (!invoice.status.equals("draft")) {
                throw new IllegalStateException(invoiceId + " is " + invoice.status + ", not a draft");
            }
            ledger.finalizeDraft(null, invoice);
        });
    }

    /** Stripe's automatic finalization failed: the draft keeps last_finalization_error; emits finalization_failed. */
    public void failFinalization(String invoiceId, String message) {
        stripeSide(true, () -> ledger.finalizationFailed(null, ledger.invoiceAnyAccount(invoiceId), message));
    }

    /** The due date has passed: Stripe emits invoice.overdue (the invoice stays open). */
    public int markOverdue(String invoiceId) {
        return sendEvent("invoice.overdue", invoiceId);
    }

    /** Builds (does not send) an event about an invoice, customer or invoice item as it is now. */
    public StripeEvent event(String type, String objectId) {
        synchronized (ledger) {
            Map.Entry<StripeLedger.Account, ObjectNode> snapshot = ledger.snapshot(objectId);
            return buildEvent(new Emitted(type, snapshot.getKey(), snapshot.getValue(), null, null, null));
        }
    }

    /**
     * Builds and delivers an event now to the endpoints subscribed to its type; the receivers' worst HTTP status (0 if
     * one could not be reached). Throws when no endpoint is subscribed, since then the test sends nothing.
     */
    public int sendEvent(String type, String objectId) {
        StripeEvent event = event(type, objectId);
        if (event.endpointIds().isEmpty()) {
            throw new IllegalStateException("no webhook endpoint of this account is subscribed to " + type);
        }
        return event.deliver();
    }

    /** Every webhook delivery so far, in order. */
    public List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    private void stripeSide(boolean emitEvents, Runnable change) {
        List<StripeEvent> events = new ArrayList<>();
        synchronized (ledger) {
            ledger.takeEmitted();
            ledger.setAutoEventsTemporarily(true);
            try {
                change.run();
            } catch (StripeApiError e) {
                throw new IllegalStateException(e.getMessage(), e);
            } finally {
                ledger.restoreAutoEvents();
                for (Emitted emitted : ledger.takeEmitted()) {
                    events.add(buildEvent(emitted));
                }
            }
        }
        if (emitEvents) {
            events.forEach(event -> deliver(event, null, null, false));
        }
    }

    /** Runs under the ledger's monitor: the endpoints are those subscribed now. */
    private StripeEvent buildEvent(Emitted emitted) {
        List<StripeLedger.WebhookEndpoint> targets = ledger.endpointsFor(emitted.account(), emitted.type());
        String id = StripeJson.newId("evt_");
        ObjectNode json = StripeJson.object();
        json.put("id", id);
        json.put("object", "event");
        json.put("api_version", targets.stream().map(e -> e.apiVersion).filter(v -> v != null).findFirst()
                .orElse(StripeLedger.apiVersion()));
        json.put("created", now().getEpochSecond());
        ObjectNode data = json.putObject("data");
        data.set("object", emitted.object());
        if (emitted.previous() != null) {
            data.set("previous_attributes", StripeJson.MAPPER.valueToTree(emitted.previous()));
        }
        json.put("livemode", emitted.account().livemode);
        json.put("pending_webhooks", targets.size());
        ObjectNode request = json.putObject("request");
        request.put("id", emitted.requestId());
        request.put("idempotency_key", emitted.idempotencyKey());
        json.put("type", emitted.type());
        List<String> endpointIds = targets.stream().map(e -> e.id).collect(Collectors.toList());
        return new StripeEvent(this, id, emitted.type(), StripeJson.write(json), endpointIds);
    }

    List<WebhookDelivery> deliver(StripeEvent event, Instant signedAt, String secretOverride, boolean strict) {
        List<String[]> targets = new ArrayList<>();
        boolean testMode;
        synchronized (ledger) {
            testMode = true;
            for (StripeLedger.WebhookEndpoint endpoint : ledger.allEndpoints()) {
                if (event.endpointIds().contains(endpoint.id)) {
                    targets.add(new String[] {endpoint.id, endpoint.url, endpoint.secret});
                    testMode = !endpoint.account.livemode;
                }
            }
        }
        if (strict && targets.isEmpty()) {
            throw new IllegalStateException("event " + event + " has no webhook endpoint to go to");
        }
        long timestamp = (signedAt != null ? signedAt : now()).getEpochSecond();
        List<WebhookDelivery> done = new ArrayList<>();
        for (String[] target : targets) {
            String secret = secretOverride != null ? secretOverride : target[2];
            WebhookDelivery delivery = webhooks.send(event, target[0], target[1], secret, timestamp, testMode);
            deliveries.add(delivery);
            done.add(delivery);
        }
        return done;
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------------

    private void defineRoutes() {
        route("GET", "/v1/account", AccountRetrieveCurrentParams.class, ledger::account);
        route("POST", "/v1/customers", CustomerCreateParams.class, ledger::createCustomer);
        route("GET", "/v1/customers", CustomerListParams.class, ledger::listCustomers);
        route("GET", "/v1/customers/search", CustomerSearchParams.class, ledger::searchCustomers);
        route("GET", "/v1/customers/{id}", CustomerRetrieveParams.class, ledger::retrieveCustomer);
        route("POST", "/v1/customers/{id}", CustomerUpdateParams.class, ledger::updateCustomer);
        route("DELETE", "/v1/customers/{id}", null, ledger::deleteCustomer);
        route("POST", "/v1/invoices", InvoiceCreateParams.class, ledger::createInvoice);
        route("GET", "/v1/invoices", InvoiceListParams.class, ledger::listInvoices);
        route("GET", "/v1/invoices/search", InvoiceSearchParams.class, ledger::searchInvoices);
        route("GET", "/v1/invoices/{id}", InvoiceRetrieveParams.class, ledger::retrieveInvoice);
        route("POST", "/v1/invoices/{id}", InvoiceUpdateParams.class, ledger::updateInvoice);
        route("DELETE", "/v1/invoices/{id}", null, ledger::deleteInvoice);
        route("POST", "/v1/invoices/{id}/add_lines", InvoiceAddLinesParams.class, ledger::addLines);
        route("GET", "/v1/invoices/{id}/lines", InvoiceLineItemListParams.class, ledger::listLines);
        route("POST", "/v1/invoices/{id}/finalize", InvoiceFinalizeInvoiceParams.class, ledger::finalizeInvoice);
        route("POST", "/v1/invoices/{id}/void", InvoiceVoidInvoiceParams.class, ledger::voidInvoice);
        route("POST", "/v1/invoices/{id}/mark_uncollectible", InvoiceMarkUncollectibleParams.class,
                ledger::markUncollectible);
        route("POST", "/v1/invoices/{id}/pay", InvoicePayParams.class, ledger::payInvoice);
        route("POST", "/v1/invoices/{id}/send", InvoiceSendInvoiceParams.class, ledger::sendInvoice);
        route("POST", "/v1/invoiceitems", InvoiceItemCreateParams.class, ledger::createInvoiceItem);
        route("GET", "/v1/invoiceitems/{id}", InvoiceItemRetrieveParams.class, ledger::retrieveInvoiceItem);
        route("DELETE", "/v1/invoiceitems/{id}", null, ledger::deleteInvoiceItem);
        route("POST", "/v1/webhook_endpoints", WebhookEndpointCreateParams.class, ledger::createWebhookEndpoint);
        route("GET", "/v1/webhook_endpoints", WebhookEndpointListParams.class, ledger::listWebhookEndpoints);
        route("GET", "/v1/webhook_endpoints/{id}", WebhookEndpointRetrieveParams.class,
                ledger::retrieveWebhookEndpoint);
        route("POST", "/v1/webhook_endpoints/{id}", WebhookEndpointUpdateParams.class, ledger::updateWebhookEndpoint);
        route("DELETE", "/v1/webhook_endpoints/{id}", null, ledger::deleteWebhookEndpoint);
        route("POST", "/v1/billing_portal/sessions", com.stripe.param.billingportal.SessionCreateParams.class,
                ledger::createPortalSession);
    }

    private void route(String method, String template, Class<?> params,
            Function<StripeLedger.Call, ObjectNode> handler) {
        Pattern path = Pattern.compile(ARGUMENT.matcher(template).replaceAll("([^/]+)"));
        routes.add(new Route(method, path, StripeParamSchema.of(params), handler));
    }

    private void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (IOException e) {
            // the client went away (it timed out while the answer was held): nothing to tell it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Headers headers = exchange.getRequestHeaders();
        String idempotencyKey = headers.getFirst("Idempotency-Key");
        String version = headers.getFirst("Stripe-Version");
        String apiKey = apiKey(headers.getFirst("Authorization"));
        String requestId = "req_" + StripeJson.random(14);

        Map<String, Object> params;
        StripeApiError parseError = null;
        try {
            params = StripeForm.parse(method.equals("POST") ? body : query);
        } catch (StripeApiError e) {
            params = new LinkedHashMap<>();
            parseError = e;
        }
        RequestFacts facts = new RequestFacts(method, path, params, idempotencyKey, version, apiKey, requestId);

        FaultPlan.Fault fault = faults.take(method + " " + path);
        if (fault != null && fault.kind == FaultPlan.Kind.FAIL) {
            Answer answer = injectedFailure(fault, facts);
            log(facts, answer, "fail");
            write(exchange, answer);
            return;
        }
        if (fault != null && fault.kind == FaultPlan.Kind.HOLD_BEFORE) {
            log(facts, new Answer(0, null, Map.of(), false), "hold-before");
            Thread.sleep(fault.hold.toMillis());
            return; // closing without an answer drops the connection: the request never reached "Stripe"
        }
        Answer answer = process(facts, parseError);
        if (fault != null) {
            log(facts, answer, "hold-after");
            Thread.sleep(fault.hold.toMillis());
        } else {
            log(facts, answer, null);
        }
        write(exchange, answer);
    }

    private record RequestFacts(String method, String path, Map<String, Object> params, String idempotencyKey,
            String version, String apiKey, String requestId) {
    }

    private Answer process(RequestFacts facts, StripeApiError parseError) {
        String requestId = facts.requestId();
        StripeLedger.Account account;
        synchronized (ledger) {
            account = facts.apiKey() == null ? null : ledger.accountForKey(facts.apiKey());
        }
        if (facts.apiKey() == null) {
            return error(StripeApiError.authentication("You did not provide an API key. You need to provide your API "
                    + "key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                    + "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help "
                    + "at https://support.stripe.com/."), facts);
        }
        if (account == null) {
            String word = revokedKeys.contains(facts.apiKey()) ? "Expired" : "Invalid";
            return error(StripeApiError.authentication(word + " API Key provided: " + mask(facts.apiKey())), facts);
        }
        Route route = null;
        List<String> args = new ArrayList<>();
        for (Route candidate : routes) {
            Matcher matcher = candidate.path().matcher(facts.path());
            if (candidate.method().equals(facts.method()) && matcher.matches()) {
                route = candidate;
                for (int i = 1; i <= matcher.groupCount(); i++) {
                    args.add(decodePathSegment(matcher.group(i)));
                }
                break;
            }
        }
        if (route == null) {
            return error(new StripeApiError(404, "invalid_request_error", "Unrecognized request URL ("
                    + facts.method() + ": " + facts.path() + "). Please see https://stripe.com/docs or we can help at "
                    + "https://support.stripe.com/.", null, null, null), facts);
        }
        if (parseError != null) {
            return error(parseError, facts);
        }

        // Stripe ignores Idempotency-Key on GET and DELETE: they are idempotent anyway.
        boolean keyed = facts.method().equals("POST") && facts.idempotencyKey() != null;
        if (keyed) {
            try {
                IdempotencyStore.Decision decision = idempotency.begin(account.id, facts.idempotencyKey(),
                        new IdempotencyStore.Fingerprint(facts.method(), facts.path(), facts.params()), now());
                if (decision instanceof IdempotencyStore.Replay replay) {
                    Map<String, String> headers = new LinkedHashMap<>(standardHeaders(facts));
                    headers.put("Idempotent-Replayed", "true");
                    headers.put("Original-Request", replay.saved().requestId());
                    return new Answer(replay.saved().status(), replay.saved().body(), headers, true);
                }
            } catch (StripeApiError e) {
                return error(e, facts);
            }
        }

        Map<String, Object> normalized;
        try {
            normalized = route.schema().validate(facts.params());
        } catch (StripeApiError e) {
            if (keyed) {
                idempotency.release(account.id, facts.idempotencyKey()); // refused before executing: not saved
            }
            return error(e, facts);
        }

        StripeLedger.Call call = new StripeLedger.Call(account, new StripeParams(normalized, ""), args, requestId,
                facts.idempotencyKey());
        Answer answer;
        List<StripeEvent> events = new ArrayList<>();
        synchronized (ledger) {
            try {
                answer = new Answer(200, StripeJson.write(route.handler().apply(call)), standardHeaders(facts), false);
            } catch (StripeApiError e) {
                answer = error(e, facts);
            } catch (RuntimeException e) {
                answer = error(new StripeApiError(500, "api_error", "The fake Stripe failed on this request: " + e,
                        null, null, null), facts);
            }
            for (Emitted emitted : ledger.takeEmitted()) {
                events.add(buildEvent(emitted));
            }
        }
        if (keyed) {
            idempotency.save(account.id, facts.idempotencyKey(),
                    new IdempotencyStore.Saved(answer.status(), answer.body(), requestId));
        }
        for (StripeEvent event : events) {
            if (!event.endpointIds().isEmpty()) {
                eventSender.execute(() -> deliver(event, null, null, false));
            }
        }
        return answer;
    }

    private Answer injectedFailure(FaultPlan.Fault fault, RequestFacts facts) {
        StripeApiError error;
        if (fault.status == 429) {
            // Stripe's rate limiting answers 429 with type invalid_request_error and code rate_limit.
            error = new StripeApiError(429, "invalid_request_error", "Request rate limit exceeded. Learn more about "
                    + "rate limits here https://stripe.com/docs/rate-limits.", null, "rate_limit", null);
        } else if (fault.status >= 500) {
            error = new StripeApiError(fault.status, "api_error", "Sorry, something went wrong. We've already been "
                    + "notified of the problem, but if you need any help, you can reach us at "
                    + "support.stripe.com/contact.", null, null, null);
        } else if (fault.status == 402) {
            error = StripeApiError.cardDeclined();
        } else {
            error = new StripeApiError(fault.status, "invalid_request_error", "Injected failure " + fault.status + ".",
                    null, null, null);
        }
        Answer answer = error(error, facts);
        if (fault.shouldRetry != null) {
            Map<String, String> headers = new LinkedHashMap<>(answer.headers());
            headers.put("Stripe-Should-Retry", fault.shouldRetry.toString());
            answer = new Answer(answer.status(), answer.body(), headers, false);
        }
        return answer;
    }

    private Answer error(StripeApiError e, RequestFacts facts) {
        return new Answer(e.status, StripeJson.write(e.toJson(facts.requestId())), standardHeaders(facts), false);
    }

    private static Map<String, String> standardHeaders(RequestFacts facts) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-cache, no-store");
        headers.put("Request-Id", facts.requestId());
        headers.put("Stripe-Version", facts.version() != null ? facts.version() : StripeLedger.apiVersion());
        if (facts.method().equals("POST") && facts.idempotencyKey() != null) {
            headers.put("Idempotency-Key", facts.idempotencyKey());
        }
        return headers;
    }

    private void log(RequestFacts facts, Answer answer, String fault) {
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) StripeForm.freeze(facts.params());
        requests.add(new RecordedRequest(sequence.incrementAndGet(), now(), facts.method(), facts.path(), params,
                facts.idempotencyKey(), facts.version(), facts.apiKey(), answer.status(), answer.replayed(), fault,
                answer.body()));
    }

    private static void write(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Bearer auth (stripe-java) or basic auth with the key as user name (curl -u sk_test_...:). */
    private static String apiKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).trim();
            return key.isEmpty() ? null : key;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String key = colon < 0 ? decoded : decoded.substring(0, colon);
                return key.isEmpty() ? null : key;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** "sk_test_****abcd", as Stripe shows a key it refuses. */
    static String mask(String key) {
        Matcher prefix = Pattern.compile("^((?:sk|rk|pk)_(?:test|live)_)").matcher(key);
        String start = prefix.find() ? prefix.group(1) : "";
        String last = key.length() > 4 ? key.substring(key.length() - 4) : "";
        return start + "****" + last;
    }

    private static String decodePathSegment(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "FakeStripe[" + baseUrl() + "]";
    }
}
