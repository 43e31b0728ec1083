package dev.tollgate.invoicing.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.InvoiceLineItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.InvoiceAddLinesParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;
import com.stripe.param.InvoiceLineItemListParams;
import com.stripe.param.InvoiceSearchParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.billingportal.SessionCreateParams;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link StripeGateway} through stripe-java's {@link StripeClient}, one client per API base and key. */
@ApplicationScoped
public class StripeJavaGateway implements StripeGateway {

    private static final int MAX_CLIENTS = 1_000;

    private final StripeConfig config;
    private final Map<Connection, StripeClient> clients = new ConcurrentHashMap<>();

    StripeJavaGateway(StripeConfig config) {
        this.config = config;
    }

    /** A Stripe call; its checked exception becomes a {@link StripeFailure}. */
    private interface Call<T> {
        T call(StripeClient client) throws StripeException;
    }

    private <T> T call(Connection connection, Call<T> call) {
        try {
            return call.call(client(connection));
        } catch (StripeException e) {
            throw failure(e);
        }
    }

    private StripeClient client(Connection connection) {
        if (clients.size() > MAX_CLIENTS) {
            clients.clear();
        }
        return clients.computeIfAbsent(connection, c -> StripeClient.builder().setApiKey(c.apiKey())
                .setApiBase(c.apiBase()).setMaxNetworkRetries(config.maxNetworkRetries())
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setReadTimeout((int) config.readTimeout().toMillis()).build());
    }

    /** Retryable: what may succeed later with the same idempotency key. Never the key itself in the message. */
    static StripeFailure failure(StripeException e) {
        Integer status = e.getStatusCode();
        boolean retryable = e instanceof ApiConnectionException || status == null || status == 409 || status == 429
                || status >= 500;
        String message = e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : e.getClass().getSimpleName();
        return new StripeFailure(message, retryable, status, e.getCode());
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    @Override
    public Account account(Connection connection) {
        com.stripe.model.Account account = call(connection, c -> c.v1().accounts().retrieveCurrent());
        // Stripe tells live from test mode by the key: sk_live_/rk_live_ against sk_test_/rk_test_.
        return new Account(account.getId(), connection.apiKey().startsWith("sk_live_")
                || connection.apiKey().startsWith("rk_live_"));
    }

    @Override
    public WebhookEndpoint createWebhookEndpoint(Connection connection, String url, List<String> events,
            String appId, String idempotencyKey) {
        WebhookEndpointCreateParams.Builder params = WebhookEndpointCreateParams.builder().setUrl(url)
                .setDescription("Tollgate app " + appId).putMetadata("tollgate_app_id", appId);
        for (String event : events) {
            params.addEnabledEvent(java.util.Arrays.stream(WebhookEndpointCreateParams.EnabledEvent.values())
                    .filter(known -> known.getValue().equals(event)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("stripe-java knows no event " + event)));
        }
        com.stripe.model.WebhookEndpoint endpoint = call(connection, c -> c.v1().webhookEndpoints()
                .create(params.build(), idempotent(idempotencyKey)));
        return new WebhookEndpoint(endpoint.getId(), endpoint.getSecret());
    }

    @Override
    public void deleteWebhookEndpoint(Connection connection, String id) {
        call(connection, c -> c.v1().webhookEndpoints().delete(id));
    }

    @Override
    public String createCustomer(Connection connection, CustomerDraft customer, String idempotencyKey) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder().setName(customer.name())
                .setEmail(customer.email());
        customer.metadata().forEach(params::putMetadata);
        return call(connection, c -> c.v1().customers().create(params.build(), idempotent(idempotencyKey))).getId();
    }

    @Override
    public Optional<String> findCustomer(Connection connection, String metadataKey, String value) {
        CustomerSearchParams params = CustomerSearchParams.builder().setQuery(metadataQuery(metadataKey, value))
                .build();
        return call(connection, c -> c.v1().customers().search(params)).getData().stream().findFirst()
                .map(com.stripe.model.Customer::getId);
    }

    @Override
    public boolean customerExists(Connection connection, String customerId) {
        try {
            com.stripe.model.Customer customer = client(connection).v1().customers().retrieve(customerId);
            return !Boolean.TRUE.equals(customer.getDeleted());
        } catch (StripeException e) {
            if (Integer.valueOf(404).equals(e.getStatusCode())) {
                return false;
            }
            throw failure(e);
        }
    }

    @Override
    public Invoice createInvoice(Connection connection, InvoiceDraft invoice, String idempotencyKey) {
        InvoiceCreateParams.Builder params = InvoiceCreateParams.builder().setCustomer(invoice.customer())
                .setCurrency(invoice.currency().toLowerCase(java.util.Locale.ROOT)).setAutoAdvance(false)
                .setPendingInvoiceItemsBehavior(InvoiceCreateParams.PendingInvoiceItemsBehavior.EXCLUDE)
                .setCollectionMethod("send_invoice".equals(invoice.collectionMethod())
                        ? InvoiceCreateParams.CollectionMethod.SEND_INVOICE
                        : InvoiceCreateParams.CollectionMethod.CHARGE_AUTOMATICALLY)
                .setDescription(invoice.description());
        if (invoice.daysUntilDue() != null) {
            params.setDaysUntilDue(invoice.daysUntilDue());
        }
        invoice.metadata().forEach(params::putMetadata);
        return view(call(connection, c -> c.v1().invoices().create(params.build(), idempotent(idempotencyKey))));
    }

    @Override
    public Optional<Invoice> findInvoice(Connection connection, String metadataKey, String value) {
        InvoiceSearchParams params = InvoiceSearchParams.builder().setQuery(metadataQuery(metadataKey, value)).build();
        return call(connection, c -> c.v1().invoices().search(params)).getData().stream().findFirst()
                .map(StripeJavaGateway::view);
    }

    @Override
    public Invoice invoice(Connection connection, String invoiceId) {
        return view(call(connection, c -> c.v1().invoices().retrieve(invoiceId)));
    }

    @Override
    public Set<String> lineMetadata(Connection connection, String invoiceId, String metadataKey) {
        Set<String> values = new HashSet<>();
        String after = null;
        while (true) {
            InvoiceLineItemListParams.Builder params = InvoiceLineItemListParams.builder().setLimit(100L);
            if (after != null) {
                params.setStartingAfter(after);
            }
            var page = call(connection, c -> c.v1().invoices().lineItems().list(invoiceId, params.build()));
            for (InvoiceLineItem line : page.getData()) {
                if (line.getMetadata() != null && line.getMetadata().get(metadataKey) != null) {
                    values.add(line.getMetadata().get(metadataKey));
                }
                after = line.getId();
            }
            if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
                return values;
            }
        }
    }

    @Override
    public Invoice addLines(Connection connection, String invoiceId, List<LineDraft> lines, String idempotencyKey) {
        InvoiceAddLinesParams.Builder params = InvoiceAddLinesParams.builder();
        for (LineDraft line : lines) {
            InvoiceAddLinesParams.Line.Builder added = InvoiceAddLinesParams.Line.builder().setAmount(line.amount())
                    .setDescription(line.description()).setPeriod(InvoiceAddLinesParams.Line.Period.builder()
                            .setStart(line.periodStart().getEpochSecond())
                            .setEnd(line.periodEnd().getEpochSecond()).build());
            line.metadata().forEach(added::putMetadata);
            params.addLine(added.build());
        }
        return view(call(connection, c -> c.v1().invoices().addLines(invoiceId, params.build(),
                idempotent(idempotencyKey))));
    }

    @Override
    public Invoice finalizeInvoice(Connection connection, String invoiceId, boolean autoAdvance,
            String idempotencyKey) {
        InvoiceFinalizeInvoiceParams params = InvoiceFinalizeInvoiceParams.builder().setAutoAdvance(autoAdvance)
                .build();
        return view(call(connection, c -> c.v1().invoices().finalizeInvoice(invoiceId, params,
                idempotent(idempotencyKey))));
    }

    @Override
    public Invoice voidInvoice(Connection connection, String invoiceId, String idempotencyKey) {
        return view(call(connection, c -> c.v1().invoices().voidInvoice(invoiceId,
                com.stripe.param.InvoiceVoidInvoiceParams.builder().build(), idempotent(idempotencyKey))));
    }

    @Override
    public String portalSession(Connection connection, String customerId, String returnUrl, String locale,
            String configuration) {
        SessionCreateParams.Builder params = SessionCreateParams.builder().setCustomer(customerId);
        if (returnUrl != null) {
            params.setReturnUrl(returnUrl);
        }
        if (locale != null) {
            params.setLocale(SessionCreateParams.Locale.valueOf(locale.toUpperCase(java.util.Locale.ROOT)
                    .replace('-', '_')));
        }
        if (configuration != null) {
            params.setConfiguration(configuration);
        }
        return call(connection, c -> c.v1().billingPortal().sessions().create(params.build())).getUrl();
    }

    /** Stripe's search query for a metadata value; quotes in the value are escaped as Stripe's syntax wants. */
    static String metadataQuery(String key, String value) {
        return "metadata['" + key + "']:'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static Invoice view(com.stripe.model.Invoice i) {
        return new Invoice(i.getId(), i.getStatus(), i.getNumber(), i.getHostedInvoiceUrl(),
                i.getTotal() == null ? 0 : i.getTotal(), i.getCurrency(),
                i.getMetadata() == null ? Map.of() : i.getMetadata());
    }
}
