package dev.tollgate.invoicing.stripe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The calls Tollgate makes to Stripe, behind a small interface: the sync's state machine and the app's install speak
 * to this, and {@link StripeJavaGateway} turns it into stripe-java calls. Every call that changes something in Stripe
 * takes the idempotency key the caller derived from Tollgate's ids and the step.
 */
public interface StripeGateway {

    /** Where and as whom to call. The key is never logged, and never part of an exception's message. */
    record Connection(String apiBase, String apiKey) {

        @Override
        public String toString() {
            return "Connection[" + apiBase + "]";
        }
    }

    record Account(String id, boolean livemode) {
    }

    record WebhookEndpoint(String id, String secret) {
    }

    record CustomerDraft(String name, String email, Map<String, String> metadata) {
    }

    /** @param daysUntilDue only for {@code send_invoice} */
    record InvoiceDraft(String customer, String currency, String collectionMethod, Long daysUntilDue,
            String description, Map<String, String> metadata) {
    }

    /** One Stripe invoice line: an amount in the currency's minor units. */
    record LineDraft(long amount, String description, Instant periodStart, Instant periodEnd,
            Map<String, String> metadata) {
    }

    record Invoice(String id, String status, String number, String hostedUrl, long total, String currency,
            Map<String, String> metadata) {
    }

    Account account(Connection connection);

    WebhookEndpoint createWebhookEndpoint(Connection connection, String url, List<String> events, String appId,
            String idempotencyKey);

    void deleteWebhookEndpoint(Connection connection, String id);

    String createCustomer(Connection connection, CustomerDraft customer, String idempotencyKey);

    /** The Stripe customer with this metadata, by Stripe's search; empty when none. */
    Optional<String> findCustomer(Connection connection, String metadataKey, String value);

    boolean customerExists(Connection connection, String customerId);

    Invoice createInvoice(Connection connection, InvoiceDraft invoice, String idempotencyKey);

    /** The Stripe invoice with this metadata, by Stripe's search; empty when none. */
    Optional<Invoice> findInvoice(Connection connection, String metadataKey, String value);

    Invoice invoice(Connection connection, String invoiceId);

    /** The values of a metadata key on the invoice's lines: which lines an earlier attempt added. */
    Set<String> lineMetadata(Connection connection, String invoiceId, String metadataKey);

    Invoice addLines(Connection connection, String invoiceId, List<LineDraft> lines, String idempotencyKey);

    Invoice finalizeInvoice(Connection connection, String invoiceId, boolean autoAdvance, String idempotencyKey);

    /** Voids a finalized invoice (open or uncollectible); answers it as it is then. */
    Invoice voidInvoice(Connection connection, String invoiceId, String idempotencyKey);

    /** A billing-portal session's URL for the customer. */
    String portalSession(Connection connection, String customerId, String returnUrl, String locale,
            String configuration);
}
