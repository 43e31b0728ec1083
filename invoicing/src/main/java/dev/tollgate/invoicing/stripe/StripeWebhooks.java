package dev.tollgate.invoicing.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.tollgate.invoicing.domain.InvoiceLifecycle;
import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.domain.PaymentTrigger;
import dev.tollgate.invoicing.domain.ValidationIssue;
import dev.tollgate.invoicing.store.AppEntity;
import dev.tollgate.invoicing.store.AppRepository;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceRepository;
import dev.tollgate.invoicing.store.LineJson;
import dev.tollgate.invoicing.store.ProviderEventRepository;
import dev.tollgate.shared.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Stripe's invoice events, back into Tollgate's invoices. The signature is verified first (a bad one changes
 * nothing, and only the fact is logged); each event is applied once (its id is recorded in the same transaction);
 * and an event older than the last one applied to the invoice changes nothing, so events in any order end in the
 * right status.
 */
@ApplicationScoped
public class StripeWebhooks {

    private static final Logger LOG = Logger.getLogger(StripeWebhooks.class);
    private static final Map<String, PaymentTrigger> TRIGGERS = Map.of(
            "invoice.paid", PaymentTrigger.PAID,
            "invoice.payment_failed", PaymentTrigger.PAYMENT_FAILED,
            "invoice.voided", PaymentTrigger.VOID,
            "invoice.marked_uncollectible", PaymentTrigger.PAYMENT_UNCOLLECTIBLE,
            "invoice.overdue", PaymentTrigger.PAYMENT_OVERDUE,
            "invoice.payment_action_required", PaymentTrigger.ACTION_REQUIRED);

    /** What was done with an event: OpenMeter's {@code StripeWebhookResponse}. */
    public record Handled(String namespaceId, String appId, String customerId, String invoiceId) {
    }

    private final AppRepository apps;
    private final StripeAppService appService;
    private final InvoiceRepository invoices;
    private final ProviderEventRepository seen;
    private final StripeConfig config;
    private final LineJson lineJson;
    private final ObjectMapper json;
    private final Clock clock;

    StripeWebhooks(AppRepository apps, StripeAppService appService, InvoiceRepository invoices,
            ProviderEventRepository seen, StripeConfig config, LineJson lineJson,
            ObjectMapper json, Clock clock) {
        this.apps = apps;
        this.appService = appService;
        this.invoices = invoices;
        this.seen = seen;
        this.config = config;
        this.lineJson = lineJson;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Handled handle(String appId, String payload, String signature) {
        AppEntity app = apps.findById(appId);
        if (app == null || app.deletedAt != null || !StripeAppService.TYPE.equals(app.type)) {
            throw ApiException.notFound("no Stripe app has id '" + appId + "'");
        }
        String secret = appService.webhookSecret(app).orElseThrow(() -> ApiException.badRequest(
                "app " + appId + " has no webhook endpoint registered, so no event can be verified"));
        if (signature == null || signature.isBlank()) {
            LOG.warnf("rejected a Stripe webhook for app %s: no Stripe-Signature header", appId);
            throw ApiException.invalid("Stripe-Signature", "required", "header is required");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signature, secret, config.webhookTolerance().toSeconds(),
                    clock);
        } catch (SignatureVerificationException e) {
            LOG.warnf("rejected a Stripe webhook for app %s: the signature does not verify", appId);
            throw ApiException.invalid("Stripe-Signature", "invalid", "does not verify against the endpoint's"
                    + " secret within " + config.webhookTolerance().toSeconds() + " s");
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (IOException e) {
            throw ApiException.badRequest("the event is not JSON");
        }
        String eventId = event.path("id").asText("");
        String type = event.path("type").asText("");
        if (eventId.isEmpty() || type.isEmpty()) {
            throw ApiException.badRequest("the event has no id or type");
        }
        Instant now = clock.instant();
        if (!seen.firstTime(appId, eventId, type, now)) {
            return new Handled(app.namespace, appId, null, null); // delivered again: applied the first time
        }
        JsonNode object = event.path("data").path("object");
        if (!"invoice".equals(object.path("object").asText()) || !type.startsWith("invoice.")) {
            return new Handled(app.namespace, appId, null, null);
        }
        Optional<InvoiceEntity> found = invoiceOf(app, object);
        if (found.isEmpty()) {
            LOG.infof("Stripe event %s (%s) is about Stripe invoice %s, which no Tollgate invoice is", eventId,
                    type, object.path("id").asText());
            return new Handled(app.namespace, appId, null, null);
        }
        InvoiceEntity invoice = invoices.lock(found.get().id);
        apply(invoice, type, Instant.ofEpochSecond(event.path("created").asLong()), object, now);
        return new Handled(app.namespace, appId, invoice.customerId, invoice.id);
    }

    private Optional<InvoiceEntity> invoiceOf(AppEntity app, JsonNode object) {
        String id = object.path("metadata").path(StripeInvoiceSyncer.INVOICE_ID).asText("");
        Optional<InvoiceEntity> byMetadata = id.isEmpty() ? Optional.empty() : invoices.find(app.namespace, id);
        return byMetadata.or(() -> invoices.find("namespace = ?1 and externalInvoicingId = ?2", app.namespace,
                object.path("id").asText()).firstResultOptional()).filter(i -> app.id.equals(i.invoicingAppId));
    }

    private void apply(InvoiceEntity invoice, String type, Instant happened, JsonNode object, Instant now) {
        if (invoice.providerEventAt != null && happened.isBefore(invoice.providerEventAt)) {
            LOG.debugf("Stripe %s of %s happened before the last event applied; ignored", type, invoice.id);
            return;
        }
        InvoiceStatus status = InvoiceStatus.ofWireName(invoice.status).orElseThrow();
        InvoiceStatus next;
        if ("invoice.finalization_failed".equals(type)) {
            next = InvoiceStatus.ISSUING_FAILED;
            String reason = object.path("last_finalization_error").path("message").asText("finalization failed");
            invoice.validationIssues = lineJson.write(List.of(new ValidationIssue("critical", "stripe.finalize",
                    "finalization_failed", "stripe", "Stripe could not finalize the invoice: " + reason)));
        } else {
            PaymentTrigger trigger = TRIGGERS.get(type);
            if (trigger == null) {
                return;
            }
            // A payment event can come before the sync has stored its finalization: it counts as issued.
            InvoiceStatus from = status == InvoiceStatus.ISSUING_SYNCING ? InvoiceStatus.PAYMENT_PENDING : status;
            next = InvoiceLifecycle.afterPayment(from, trigger).orElse(null);
            if (next == null) {
                LOG.infof("Stripe %s does not apply to invoice %s, which is %s; ignored", type, invoice.id,
                        invoice.status);
                return;
            }
        }
        invoice.providerEventAt = happened;
        if (next == status) {
            return;
        }
        invoice.moveTo(next, now);
        LOG.infof("invoice %s is %s after Stripe's %s", invoice.id, invoice.status, type);
    }
}
