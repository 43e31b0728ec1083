package dev.tollgate.app.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceItem;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeSearchResult;
import com.stripe.model.WebhookEndpoint;
import com.stripe.model.billingportal.Session;
import com.stripe.net.ApiResource;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.InvoiceAddLinesParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.InvoiceLineItemListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.InvoicePayParams;
import com.stripe.param.InvoiceSearchParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.billingportal.SessionCreateParams;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake Stripe driven by stripe-java 33.3.0's real client, over HTTP. A plain JUnit test: no Quarkus, no services.
 *
 * <p>What stripe-java 33.3.0 offers for pointing a client at the fake (read off the jar with javap):
 * <ul>
 *   <li>{@code StripeClient.builder()} ({@code StripeClient.StripeClientBuilder}) has {@code setApiKey(String)},
 *       {@code setApiBase(String)} (default https://api.stripe.com; also setFilesBase, setConnectBase,
 *       setMeterEventsBase), {@code setConnectTimeout(int ms)} (default 30,000), {@code setReadTimeout(int ms)}
 *       (default 80,000), {@code setMaxNetworkRetries(int)} (default 0), {@code setStripeAccount},
 *       {@code setConnectionProxy}, {@code setProxyCredential}, {@code setHttpClient}, {@code setAuthenticator},
 *       {@code setClientId}, {@code setStripeContext}. {@code new StripeClient(apiKey)} takes the defaults.</li>
 *   <li>Per request, {@code RequestOptions.builder()} has {@code setIdempotencyKey}, {@code setConnectTimeout},
 *       {@code setReadTimeout}, {@code setMaxNetworkRetries}, {@code setApiKey}, {@code setStripeAccount},
 *       {@code setBaseUrl}.</li>
 *   <li>The global {@code Stripe.overrideApiBase(String)}, {@code Stripe.setConnectTimeout},
 *       {@code Stripe.setReadTimeout} and {@code Stripe.setMaxNetworkRetries} still exist (static state: avoid).</li>
 *   <li>Retries ({@code HttpClient.shouldRetry}): never beyond maxNetworkRetries; always on ConnectException and
 *       SocketTimeoutException; then the Stripe-Should-Retry header decides (true/false); else 409 and any status
 *       &ge; 500 are retried, and 429 is NOT (only with Stripe-Should-Retry: true). Back-off 0.5 s doubling, at most
 *       5 s.</li>
 *   <li>Every v1 POST carries an Idempotency-Key: the caller's ({@code RequestOptions.setIdempotencyKey}) or a random
 *       UUID made once per call, so stripe-java's own retries reuse it. The answer's key is
 *       {@code getLastResponse().idempotencyKey()}.</li>
 *   <li>Errors by status: 400/404 → InvalidRequestException (or IdempotencyException when the type is
 *       idempotency_error), 401 → AuthenticationException, 402 → CardException, 403 → PermissionException,
 *       429 → RateLimitException, anything else → ApiException; a read timeout → ApiConnectionException.</li>
 *   <li>{@code API_VERSION} = "2026-07-29.dahlia", sent as Stripe-Version.</li>
 * </ul>
 */
class FakeStripeTest {

    private FakeStripe fake;
    private FakeStripe.Credentials account;
    private StripeClient stripe;

    @BeforeEach
    void start() {
        fake = FakeStripe.start();
        account = fake.newAccount();
        stripe = client(0, 5_000);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private StripeClient client(int maxNetworkRetries, int readTimeoutMillis) {
        return StripeClient.builder()
                .setApiKey(account.apiKey())
                .setApiBase(fake.baseUrl())
                .setConnectTimeout(2_000)
                .setReadTimeout(readTimeoutMillis)
                .setMaxNetworkRetries(maxNetworkRetries)
                .build();
    }

    private Customer customer() throws StripeException {
        return stripe.v1().customers().create(CustomerCreateParams.builder()
                .setEmail("ops@acme.example")
                .setName("Acme")
                .putMetadata("tollgate_customer_id", "cust-1")
                .build());
    }

    private InvoiceCreateParams.Builder draft(Customer customer, String currency) {
        return InvoiceCreateParams.builder()
                .setCustomer(customer.getId())
                .setCurrency(currency)
                .setAutoAdvance(false)
                .setCollectionMethod(InvoiceCreateParams.CollectionMethod.SEND_INVOICE)
                .setDaysUntilDue(14L)
                .setPendingInvoiceItemsBehavior(InvoiceCreateParams.PendingInvoiceItemsBehavior.EXCLUDE);
    }

    private static InvoiceAddLinesParams.Line line(long amount, String description) {
        return InvoiceAddLinesParams.Line.builder().setAmount(amount).setDescription(description).build();
    }

    private Invoice addLines(String invoiceId, InvoiceAddLinesParams.Line... lines) throws StripeException {
        return stripe.v1().invoices().addLines(invoiceId,
                InvoiceAddLinesParams.builder().addAllLine(List.of(lines)).build());
    }

    // ---- account and keys -----------------------------------------------------------------------------------------

    @Test
    void theAccountAnswersToItsKeyAndUnknownKeysGet401() throws Exception {
        Account current = stripe.v1().accounts().retrieveCurrent();
        assertThat(current.getId()).isEqualTo(account.accountId());

        StripeClient stranger = StripeClient.builder().setApiKey("sk_test_unregistered0000abcd")
                .setApiBase(fake.baseUrl()).build();
        assertThatThrownBy(() -> stranger.v1().accounts().retrieveCurrent())
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(401);
                    assertThat(e.getStripeError().getMessage()).isEqualTo("Invalid API Key provided: sk_test_****abcd");
                    assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
                });

        fake.revokeApiKey(account.apiKey());
        assertThatThrownBy(() -> stripe.v1().accounts().retrieveCurrent())
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("Expired API Key provided");
    }

    @Test
    void objectsOfOneAccountAreInvisibleToAnother() throws Exception {
        Customer customer = customer();
        FakeStripe.Credentials other = fake.newAccount();
        StripeClient otherClient = StripeClient.builder().setApiKey(other.apiKey()).setApiBase(fake.baseUrl()).build();
        assertThatThrownBy(() -> otherClient.v1().customers().retrieve(customer.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getStripeError().getMessage())
                            .isEqualTo("No such customer: '" + customer.getId() + "'");
                });
    }

    // ---- invoices -------------------------------------------------------------------------------------------------

    @Test
    void aDraftGetsLinesAndItemsAndFinalizesWithNumberAndUrl() throws Exception {
        Customer customer = customer();
        Invoice draft = stripe.v1().invoices().create(draft(customer, "eur")
                .setDescription("Usage March")
                .putMetadata("tollgate_invoice_id", "inv-42")
                .addCustomField(InvoiceCreateParams.CustomField.builder().setName("Contract").setValue("C-7").build())
                .setFooter("Thanks")
                .build());
        assertThat(draft.getStatus()).isEqualTo("draft");
        assertThat(draft.getNumber()).isNull();
        assertThat(draft.getHostedInvoiceUrl()).isNull();
        assertThat(draft.getTotal()).isZero();
        assertThat(draft.getLines().getData()).isEmpty();

        Invoice withLines = stripe.v1().invoices().addLines(draft.getId(), InvoiceAddLinesParams.builder()
                .addLine(InvoiceAddLinesParams.Line.builder()
                        .setAmount(12_000L)
                        .setDescription("API calls")
                        .setQuantity(1L)
                        .setPeriod(InvoiceAddLinesParams.Line.Period.builder().setStart(1_700_000_000L)
                                .setEnd(1_702_592_000L).build())
                        .putMetadata("tollgate_line_id", "l-1")
                        .build())
                .addLine(line(-2_000L, "Discount"))
                .build());
        assertThat(withLines.getSubtotal()).isEqualTo(10_000L);
        InvoiceLineItem first = withLines.getLines().getData().get(0);
        assertThat(first.getAmount()).isEqualTo(12_000L);
        assertThat(first.getPeriod().getStart()).isEqualTo(1_700_000_000L);
        assertThat(first.getMetadata()).containsEntry("tollgate_line_id", "l-1");

        InvoiceItem item = stripe.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer(customer.getId())
                .setInvoice(draft.getId())
                .setCurrency("eur")
                .setUnitAmountDecimal(new BigDecimal("12.5"))
                .setQuantity(3L)
                .setDescription("Storage")
                .build());
        assertThat(item.getAmount()).isEqualTo(38L); // 37.5 rounds half up
        assertThat(item.getInvoice()).isEqualTo(draft.getId());

        Invoice open = stripe.v1().invoices().finalizeInvoice(draft.getId(),
                InvoiceFinalizeInvoiceParams.builder().setAutoAdvance(false).build());
        assertThat(open.getStatus()).isEqualTo("open");
        assertThat(open.getTotal()).isEqualTo(10_038L);
        assertThat(open.getAmountDue()).isEqualTo(10_038L);
        assertThat(open.getNumber()).isEqualTo(stripe.v1().customers().retrieve(customer.getId()).getInvoicePrefix()
                + "-0001");
        assertThat(open.getHostedInvoiceUrl()).startsWith("https://invoice.stripe.com/i/" + account.accountId());
        assertThat(open.getInvoicePdf()).endsWith("/pdf");
        assertThat(open.getStatusTransitions().getFinalizedAt()).isNotNull();
        assertThat(open.getDueDate()).isEqualTo(open.getStatusTransitions().getFinalizedAt() + 14 * 86_400L);
        assertThat(open.getCustomFields()).hasSize(1);

        assertThat(fake.finalizedInvoiceCount()).isEqualTo(1);
        assertThat(fake.invoicesWithMetadata("tollgate_invoice_id", "inv-42")).singleElement()
                .satisfies(i -> assertThat(i.lines()).extracting(FakeStripe.LineView::amount)
                        .containsExactly(12_000L, -2_000L, 38L));

        assertThatThrownBy(() -> stripe.v1().invoices().finalizeInvoice(draft.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getStripeError().getMessage())
                        .isEqualTo("This invoice is already finalized, you can't re-finalize a non-draft invoice."));
        assertThatThrownBy(() -> addLines(draft.getId(), line(100L, "late")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("draft");
    }

    @Test
    void searchAndListFindInvoicesAndPagesOfLines() throws Exception {
        Customer customer = customer();
        Invoice invoice = stripe.v1().invoices().create(draft(customer, "usd")
                .putMetadata("tollgate_invoice_id", "inv-7").build());
        stripe.v1().invoices().create(draft(customer, "usd").putMetadata("tollgate_invoice_id", "inv-8").build());
        for (int i = 0; i < 3; i++) {
            addLines(invoice.getId(), line(100L + i, "line " + i));
        }

        StripeSearchResult<Invoice> found = stripe.v1().invoices().search(InvoiceSearchParams.builder()
                .setQuery("metadata['tollgate_invoice_id']:'inv-7'").build());
        assertThat(found.getData()).extracting(Invoice::getId).containsExactly(invoice.getId());
        assertThat(found.getHasMore()).isFalse();

        StripeCollection<Invoice> listed = stripe.v1().invoices().list(InvoiceListParams.builder()
                .setCustomer(customer.getId()).build());
        assertThat(listed.getData()).hasSize(2);

        StripeCollection<InvoiceLineItem> page = stripe.v1().invoices().lineItems().list(invoice.getId(),
                InvoiceLineItemListParams.builder().setLimit(2L).build());
        assertThat(page.getData()).extracting(InvoiceLineItem::getAmount).containsExactly(100L, 101L);
        assertThat(page.getHasMore()).isTrue();
        StripeCollection<InvoiceLineItem> rest = stripe.v1().invoices().lineItems().list(invoice.getId(),
                InvoiceLineItemListParams.builder().setStartingAfter(page.getData().get(1).getId()).build());
        assertThat(rest.getData()).extracting(InvoiceLineItem::getAmount).containsExactly(102L);
        assertThat(rest.getHasMore()).isFalse();

        fake.setSearchLag(Duration.ofMinutes(1)); // Stripe's search is not read-after-write
        stripe.v1().invoices().create(draft(customer, "usd").putMetadata("tollgate_invoice_id", "inv-9").build());
        assertThat(stripe.v1().invoices().search(InvoiceSearchParams.builder()
                .setQuery("metadata['tollgate_invoice_id']:'inv-9'").build()).getData()).isEmpty();
        fake.advance(Duration.ofMinutes(2));
        assertThat(stripe.v1().invoices().search(InvoiceSearchParams.builder()
                .setQuery("metadata['tollgate_invoice_id']:'inv-9'").build()).getData()).hasSize(1);

        assertThatThrownBy(() -> stripe.v1().invoices().search(InvoiceSearchParams.builder()
                .setQuery("colour:'red'").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unsupported search field");
    }

    @Test
    void statusesMoveOnlyTheWayStripeAllows() throws Exception {
        Customer customer = customer();
        Invoice zero = stripe.v1().invoices().create(draft(customer, "usd").build());
        assertThat(stripe.v1().invoices().finalizeInvoice(zero.getId()).getStatus())
                .as("nothing due: paid at once").isEqualTo("paid");

        Invoice invoice = stripe.v1().invoices().create(draft(customer, "usd").build());
        addLines(invoice.getId(), line(500L, "x"));
        assertThatThrownBy(() -> stripe.v1().invoices().voidInvoice(invoice.getId()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("draft");
        assertThatThrownBy(() -> stripe.v1().invoices().markUncollectible(invoice.getId()))
                .isInstanceOf(InvalidRequestException.class);
        stripe.v1().invoices().finalizeInvoice(invoice.getId());
        assertThat(stripe.v1().invoices().markUncollectible(invoice.getId()).getStatus()).isEqualTo("uncollectible");
        Invoice paid = stripe.v1().invoices().pay(invoice.getId(),
                InvoicePayParams.builder().setPaidOutOfBand(true).build());
        assertThat(paid.getStatus()).isEqualTo("paid");
        assertThat(paid.getAmountPaid()).isEqualTo(500L);
        assertThatThrownBy(() -> stripe.v1().invoices().voidInvoice(invoice.getId()))
                .isInstanceOf(InvalidRequestException.class);

        Invoice declined = stripe.v1().invoices().create(draft(customer, "usd").build());
        addLines(declined.getId(), line(700L, "y"));
        fake.declinePayments(customer.getId(), true);
        assertThatThrownBy(() -> stripe.v1().invoices().pay(declined.getId()))
                .isInstanceOfSatisfying(CardException.class, e -> assertThat(e.getCode()).isEqualTo("card_declined"));
        assertThat(fake.invoice(declined.getId()).status()).isEqualTo("open");
        assertThat(fake.invoice(declined.getId()).attemptCount()).isEqualTo(1);
        assertThat(stripe.v1().invoices().voidInvoice(declined.getId()).getStatus()).isEqualTo("void");
    }

    // ---- parameters -----------------------------------------------------------------------------------------------

    @Test
    void parametersAreCheckedAgainstStripeJava() throws Exception {
        Customer customer = customer();
        Invoice invoice = stripe.v1().invoices().create(draft(customer, "usd").build());

        assertThatThrownBy(() -> addLines(invoice.getId(), InvoiceAddLinesParams.Line.builder()
                .putExtraParam("amout", 5).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("lines[0][amout]");
                    assertThat(e.getStripeError().getMessage())
                            .isEqualTo("Received unknown parameter: lines[0][amout]");
                });

        String customerParam = "customer=" + customer.getId();
        assertThatThrownBy(() -> stripe.rawRequest(ApiResource.RequestMethod.POST, "/v1/invoices",
                customerParam + "&days_until_due=abc&collection_method=send_invoice"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getParam()).isEqualTo("days_until_due");
                    assertThat(e.getStripeError().getMessage()).isEqualTo("Invalid integer: abc");
                });
        assertThatThrownBy(() -> stripe.rawRequest(ApiResource.RequestMethod.POST, "/v1/invoices",
                customerParam + "&auto_advance=maybe"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStripeError().getMessage()).isEqualTo("Invalid boolean: maybe"));
        assertThatThrownBy(() -> stripe.rawRequest(ApiResource.RequestMethod.POST, "/v1/invoices",
                customerParam + "&collection_method=by_pigeon"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getStripeError().getMessage())
                        .isEqualTo("Invalid collection_method: must be one of charge_automatically, or send_invoice"));
        assertThatThrownBy(() -> stripe.rawRequest(ApiResource.RequestMethod.POST,
                "/v1/invoices/" + invoice.getId() + "/add_lines", "lines[0][amount]=100&lines[0][period][begin]=1"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("lines[0][period][begin]"));
        assertThat(stripe.rawRequest(ApiResource.RequestMethod.POST, "/v1/invoices/" + invoice.getId()
                + "/add_lines", "lines[][amount]=100&lines[][amount]=200&expand[]=customer").code()).isEqualTo(200);
        assertThat(fake.lines(invoice.getId())).extracting(FakeStripe.LineView::amount).containsExactly(100L, 200L);

        assertThat(StripeParamSchema.of(InvoiceAddLinesParams.class).names())
                .contains("lines", "invoice_metadata", "expand");
    }

    @Test
    void theSchemaIsReadFromStripeJavasParamsClasses() {
        Set<String> addLines = StripeParamSchema.of(InvoiceAddLinesParams.class).allNames();
        // InvoiceAddLinesParams.Line in stripe-java 33.3.0: amount exists (an integer in the smallest unit).
        assertThat(addLines.stream().filter(n -> n.matches("lines\\[]\\[[a-z_]+]")))
                .containsExactlyInAnyOrder("lines[][amount]", "lines[][description]", "lines[][discountable]",
                        "lines[][discounts]", "lines[][invoice_item]", "lines[][metadata]", "lines[][period]",
                        "lines[][price_data]", "lines[][pricing]", "lines[][quantity]", "lines[][quantity_decimal]",
                        "lines[][tax_amounts]", "lines[][tax_rates]");
        assertThat(addLines).contains("lines[][period][start]", "lines[][period][end]", "lines[][metadata][*]",
                "lines[][price_data][product_data][name]", "invoice_metadata[*]", "expand[]");
        assertThat(StripeParamSchema.of(InvoiceItemCreateParams.class).allNames())
                .contains("amount", "unit_amount_decimal", "period[start]", "quantity", "invoice")
                .doesNotContain("unit_amount");
        for (Class<?> params : List.of(InvoiceCreateParams.class, CustomerCreateParams.class,
                CustomerUpdateParams.class, WebhookEndpointCreateParams.class, SessionCreateParams.class,
                InvoicePayParams.class, InvoiceListParams.class, com.stripe.param.InvoiceUpdateParams.class)) {
            assertThat(StripeParamSchema.of(params).allNames()).as(params.getSimpleName()).isNotEmpty();
        }
    }

    @Test
    void metadataHasStripesLimits() throws Exception {
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThatThrownBy(() -> stripe.v1().customers().create(CustomerCreateParams.builder()
                .putAllMetadata(tooMany).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam())
                        .isEqualTo("metadata"));
        String longKey = "k".repeat(41);
        assertThatThrownBy(() -> stripe.v1().customers().create(CustomerCreateParams.builder()
                .putMetadata(longKey, "v").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam())
                        .isEqualTo("metadata[" + longKey + "]"));
        assertThatThrownBy(() -> stripe.v1().customers().create(CustomerCreateParams.builder()
                .putMetadata("k", "v".repeat(501)).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam())
                        .isEqualTo("metadata[k]"));
        assertThat(fake.customers()).isEmpty();
    }

    @Test
    void zeroAndThreeDecimalCurrencies() throws Exception {
        Customer customer = customer();
        Invoice yen = stripe.v1().invoices().create(draft(customer, "jpy").build());
        addLines(yen.getId(), line(1_500L, "calls"));
        InvoiceItem fractional = stripe.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer(customer.getId()).setInvoice(yen.getId())
                .setUnitAmountDecimal(new BigDecimal("0.25")).setQuantity(10L).build());
        assertThat(fractional.getAmount()).as("2.5 yen rounds to 3").isEqualTo(3L);
        assertThat(stripe.v1().invoices().retrieve(yen.getId()).getTotal()).isEqualTo(1_503L);

        Invoice dinar = stripe.v1().invoices().create(draft(customer, "kwd").build());
        assertThatThrownBy(() -> addLines(dinar.getId(), line(1_005L, "calls")))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("lines[0][amount]"));
        assertThat(addLines(dinar.getId(), line(1_010L, "calls")).getTotal()).isEqualTo(1_010L);
        assertThatThrownBy(() -> stripe.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer(customer.getId()).setInvoice(dinar.getId()).setAmount(15L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("amount"));
        assertThatThrownBy(() -> stripe.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer(customer.getId()).setInvoice(dinar.getId()).setCurrency("usd").setAmount(100L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("currency"));
    }

    @Test
    void anInvoiceHoldsAtMost250Lines() throws Exception {
        Customer customer = customer();
        Invoice invoice = stripe.v1().invoices().create(draft(customer, "usd").build());
        List<InvoiceAddLinesParams.Line> lines = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            lines.add(line(1L, "line " + i));
        }
        Invoice full = stripe.v1().invoices().addLines(invoice.getId(),
                InvoiceAddLinesParams.builder().addAllLine(lines).build());
        assertThat(full.getTotal()).isEqualTo(250L);
        assertThat(full.getLines().getData()).as("an invoice embeds its first 10 lines").hasSize(10);
        assertThat(full.getLines().getHasMore()).isTrue();

        assertThatThrownBy(() -> addLines(invoice.getId(), line(1L, "251st")))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("lines"));
        assertThatThrownBy(() -> stripe.v1().invoiceItems().create(InvoiceItemCreateParams.builder()
                .setCustomer(customer.getId()).setInvoice(invoice.getId()).setAmount(1L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getParam()).isEqualTo("invoice"));

        int seen = 0;
        for (InvoiceLineItem ignored : stripe.v1().invoices().lineItems().list(invoice.getId(),
                InvoiceLineItemListParams.builder().setLimit(100L).build()).autoPagingIterable()) {
            seen++;
        }
        assertThat(seen).isEqualTo(250);
    }

    // ---- idempotency ----------------------------------------------------------------------------------------------

    @Test
    void theSameKeyReplaysAndAChangedRequestIsRefused() throws Exception {
        Customer customer = customer();
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("tollgate-inv-1").build();
        Invoice first = stripe.v1().invoices().create(draft(customer, "usd").build(), key);
        Invoice again = stripe.v1().invoices().create(draft(customer, "usd").build(), key);

        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(fake.invoices()).hasSize(1);

        assertThatThrownBy(() -> stripe.v1().invoices().create(draft(customer, "eur").build(), key))
                .isInstanceOfSatisfying(IdempotencyException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getStripeError().getType()).isEqualTo("idempotency_error");
                    assertThat(e.getStripeError().getMessage()).contains("Try using a key other than 'tollgate-inv-1'");
                });
        assertThatThrownBy(() -> stripe.v1().customers().create(CustomerCreateParams.builder().build(), key))
                .as("another endpoint").isInstanceOf(IdempotencyException.class);

        // A request refused for its parameters saves nothing: the key still works for a valid request.
        RequestOptions fresh = RequestOptions.builder().setIdempotencyKey("tollgate-inv-2").build();
        assertThatThrownBy(() -> stripe.v1().invoices().create(draft(customer, "usd")
                .putExtraParam("bogus", "1").build(), fresh)).isInstanceOf(InvalidRequestException.class);
        assertThat(stripe.v1().invoices().create(draft(customer, "usd").build(), fresh).getId())
                .isNotEqualTo(first.getId());

        fake.advance(Duration.ofHours(25)); // keys expire after 24 hours
        Invoice afterExpiry = stripe.v1().invoices().create(draft(customer, "eur").build(), key);
        assertThat(afterExpiry.getId()).isNotEqualTo(first.getId());
    }

    @Test
    void aKeyWhoseFirstRequestIsStillRunningGets409() {
        // Over HTTP the window is too short to hit reliably, so the store is asked directly.
        IdempotencyStore store = new IdempotencyStore();
        IdempotencyStore.Fingerprint request = new IdempotencyStore.Fingerprint("POST", "/v1/invoices", Map.of());
        assertThat(store.begin("acct_1", "k", request, fake.now())).isInstanceOf(IdempotencyStore.Execute.class);
        assertThatThrownBy(() -> store.begin("acct_1", "k", request, fake.now()))
                .isInstanceOfSatisfying(StripeApiError.class, e -> {
                    assertThat(e.status).isEqualTo(409);
                    assertThat(e.type).isEqualTo("idempotency_error");
                });
        assertThat(store.begin("acct_2", "k", request, fake.now()))
                .as("keys are per account").isInstanceOf(IdempotencyStore.Execute.class);
        store.save("acct_1", "k", new IdempotencyStore.Saved(200, "{}", "req_1"));
        assertThat(store.begin("acct_1", "k", request, fake.now())).isInstanceOf(IdempotencyStore.Replay.class);
    }

    @Test
    void injected500sAreRetriedByStripeJavaWithTheSameKey() throws Exception {
        Customer customer = customer();
        fake.failNext(2, 500, true, "POST /v1/invoices");
        Invoice invoice = client(2, 5_000).v1().invoices().create(draft(customer, "usd").build());

        List<RecordedRequest> attempts = fake.requests("POST", "/v1/invoices");
        assertThat(attempts).extracting(RecordedRequest::status).containsExactly(500, 500, 200);
        assertThat(attempts).extracting(RecordedRequest::idempotencyKey).doesNotContainNull().containsOnly(
                attempts.get(0).idempotencyKey());
        assertThat(attempts.get(2).stripeVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
        assertThat(attempts.get(2).param("currency")).isEqualTo("usd");
        assertThat(fake.invoices()).extracting(FakeStripe.InvoiceView::id).containsExactly(invoice.getId());

        fake.failNext(1, 500, false);
        assertThatThrownBy(() -> client(2, 5_000).v1().accounts().retrieveCurrent())
                .as("Stripe-Should-Retry: false stops the retries")
                .isInstanceOf(com.stripe.exception.ApiException.class);
    }

    @Test
    void rateLimitStormsAreRetriedOnlyWhenStripeSaysSo() throws Exception {
        StripeClient retrying = client(2, 5_000);
        fake.failNext(5, 429, null);
        assertThatThrownBy(() -> retrying.v1().accounts().retrieveCurrent()).isInstanceOf(RateLimitException.class);
        assertThat(fake.requests()).hasSize(1); // stripe-java does not retry a bare 429
        assertThat(fake.pendingFaults()).isEqualTo(4);

        fake.clearFaults();
        fake.clearRequests();
        fake.failNext(3, 429, true);
        assertThatThrownBy(() -> retrying.v1().accounts().retrieveCurrent()).isInstanceOf(RateLimitException.class);
        assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(429, 429, 429);
        assertThat(retrying.v1().accounts().retrieveCurrent().getId()).isEqualTo(account.accountId());
    }

    @Test
    void aTimeoutAfterExecutingLeavesTheInvoiceAndTheRetryGetsTheReplay() throws Exception {
        Customer customer = customer();
        StripeClient impatient = client(0, 500);
        RequestOptions key = RequestOptions.builder().setIdempotencyKey("tollgate-inv-9").build();
        fake.timeoutNext(1, true, Duration.ofMillis(1_500), "POST /v1/invoices");
        assertThatThrownBy(() -> impatient.v1().invoices().create(draft(customer, "usd").build(), key))
                .isInstanceOf(ApiConnectionException.class);
        assertThat(fake.invoices()).as("created although the client never heard").hasSize(1);

        Invoice retried = impatient.v1().invoices().create(draft(customer, "usd").build(), key);
        assertThat(retried.getId()).isEqualTo(fake.invoices().get(0).id());
        assertThat(retried.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(fake.invoices()).hasSize(1);

        // stripe-java retries a read timeout by itself, with the same generated key.
        fake.timeoutNext(1, true, Duration.ofMillis(1_500), "POST /v1/invoices");
        Invoice second = client(1, 500).v1().invoices().create(draft(customer, "usd").build());
        assertThat(fake.invoices()).hasSize(2);
        assertThat(second.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");

        // Held before executing: nothing happens, and the retry executes.
        fake.timeoutNext(1, false, Duration.ofMillis(1_500), "POST /v1/invoices");
        RequestOptions third = RequestOptions.builder().setIdempotencyKey("tollgate-inv-10").build();
        assertThatThrownBy(() -> impatient.v1().invoices().create(draft(customer, "usd").build(), third))
                .isInstanceOf(ApiConnectionException.class);
        assertThat(fake.invoices()).hasSize(2);
        Invoice executed = impatient.v1().invoices().create(draft(customer, "usd").build(), third);
        assertThat(executed.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(fake.invoices()).hasSize(3);
    }

    // ---- webhooks, customers, portal ------------------------------------------------------------------------------

    /** A webhook receiver as Tollgate would write one: 200 when the signature verifies within 300 s, else 400. */
    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final AtomicReference<String> secret = new AtomicReference<>();
        final List<Event> verified = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/stripe/webhooks", exchange -> {
                String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String header = exchange.getRequestHeaders().getFirst("Stripe-Signature");
                int status;
                try {
                    verified.add(Webhook.constructEvent(payload, header, secret.get(), 300));
                    status = 200;
                } catch (Exception e) {
                    rejected.add(e.getMessage());
                    status = 400;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/stripe/webhooks";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void webhooksAreSignedLikeStripesAndCanBeLateDuplicatedOrOutOfOrder() throws Exception {
        try (Receiver receiver = new Receiver()) {
            WebhookEndpoint endpoint = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                    .setUrl(receiver.url())
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.INVOICE__PAID)
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.INVOICE__FINALIZED)
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.INVOICE__VOIDED)
                    .setDescription("tollgate")
                    .build());
            assertThat(endpoint.getSecret()).startsWith("whsec_");
            receiver.secret.set(endpoint.getSecret());
            assertThat(stripe.v1().webhookEndpoints().retrieve(endpoint.getId()).getSecret())
                    .as("Stripe shows the secret only on creation").isNull();

            Customer customer = customer();
            Invoice invoice = stripe.v1().invoices().create(draft(customer, "usd").build());
            addLines(invoice.getId(), line(900L, "calls"));
            stripe.v1().invoices().finalizeInvoice(invoice.getId());

            StripeEvent finalized = fake.event("invoice.finalized", invoice.getId());
            fake.pay(invoice.getId()); // sends invoice.paid (invoice.payment_succeeded has no subscriber)
            assertThat(receiver.verified).singleElement().satisfies(event -> {
                assertThat(event.getType()).isEqualTo("invoice.paid");
                Invoice paid = (Invoice) event.getDataObjectDeserializer().getObject().orElseThrow();
                assertThat(paid.getId()).isEqualTo(invoice.getId());
                assertThat(paid.getStatus()).isEqualTo("paid");
            });

            assertThat(finalized.deliver()).as("out of order: older event after newer").isEqualTo(200);
            assertThat(receiver.verified.get(1).getId()).isEqualTo(finalized.id());
            assertThat(((Invoice) receiver.verified.get(1).getDataObjectDeserializer().getObject().orElseThrow())
                    .getStatus()).isEqualTo("open");
            assertThat(finalized.deliver()).as("a duplicate").isEqualTo(200);
            assertThat(receiver.verified.get(2).getId()).isEqualTo(finalized.id());

            assertThat(finalized.deliverLate(Duration.ofMinutes(10))).isEqualTo(400);
            assertThat(finalized.deliverWithSecret("whsec_wrong")).isEqualTo(400);
            assertThat(receiver.rejected).hasSize(2);

            assertThat(fake.sendEvent("invoice.voided", invoice.getId())).isEqualTo(200);
            WebhookDelivery last = fake.deliveries().get(fake.deliveries().size() - 1);
            Event direct = Webhook.constructEvent(last.payload(), last.signatureHeader(), endpoint.getSecret(), 300);
            assertThat(direct.getApiVersion()).isEqualTo(com.stripe.Stripe.API_VERSION);
            assertThat(last.signatureHeader()).matches("t=\\d+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}");

            stripe.v1().webhookEndpoints().delete(endpoint.getId());
            assertThatThrownBy(() -> fake.sendEvent("invoice.paid", invoice.getId()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void autoEventsFollowApiCalls() throws Exception {
        try (Receiver receiver = new Receiver()) {
            WebhookEndpoint endpoint = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                    .setUrl(receiver.url()).addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                    .build());
            receiver.secret.set(endpoint.getSecret());
            fake.setAutoEvents(true);
            Customer customer = customer();
            Invoice invoice = stripe.v1().invoices().create(draft(customer, "usd").build());
            addLines(invoice.getId(), line(900L, "calls"));
            stripe.v1().invoices().finalizeInvoice(invoice.getId(),
                    RequestOptions.builder().setIdempotencyKey("fin-1").build());
            long deadline = System.currentTimeMillis() + 5_000;
            while (receiver.verified.size() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(receiver.verified).extracting(Event::getType)
                    .containsExactly("customer.created", "invoice.created", "invoice.updated", "invoice.finalized");
            assertThat(receiver.verified.get(3).getRequest().getIdempotencyKey()).isEqualTo("fin-1");
        }
    }

    @Test
    void customersSearchUpdateAndPortalSessions() throws Exception {
        Customer customer = customer();
        StripeSearchResult<Customer> found = stripe.v1().customers().search(CustomerSearchParams.builder()
                .setQuery("metadata['tollgate_customer_id']:'cust-1'").build());
        assertThat(found.getData()).extracting(Customer::getId).containsExactly(customer.getId());
        assertThat(found.getObject()).isEqualTo("search_result");

        Customer updated = stripe.v1().customers().update(customer.getId(), CustomerUpdateParams.builder()
                .putMetadata("plan", "pro").setName("Acme GmbH").build());
        assertThat(updated.getMetadata()).containsEntry("tollgate_customer_id", "cust-1").containsEntry("plan", "pro");
        assertThat(updated.getName()).isEqualTo("Acme GmbH");

        Session session = stripe.v1().billingPortal().sessions().create(SessionCreateParams.builder()
                .setCustomer(customer.getId()).setReturnUrl("https://app.example/billing")
                .setLocale(SessionCreateParams.Locale.DE).build());
        assertThat(session.getUrl()).startsWith("https://billing.stripe.com/p/session/");
        assertThat(session.getCustomer()).isEqualTo(customer.getId());
        assertThat(session.getReturnUrl()).isEqualTo("https://app.example/billing");
        assertThat(session.getId()).startsWith("bps_");

        assertThatThrownBy(() -> stripe.v1().billingPortal().sessions().create(SessionCreateParams.builder()
                .setCustomer("cus_nope").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("customer");
                });
    }
}
