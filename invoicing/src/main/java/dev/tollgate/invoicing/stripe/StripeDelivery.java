package dev.tollgate.invoicing.stripe;

import dev.tollgate.invoicing.domain.InvoiceStatus;
import dev.tollgate.invoicing.service.InvoiceDelivery;
import dev.tollgate.invoicing.store.BillingProfileEntity;
import dev.tollgate.invoicing.store.BillingProfileRepository;
import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.StripeInvoiceSyncEntity;
import dev.tollgate.invoicing.store.StripeInvoiceSyncRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Delivers issued invoices: through Stripe when the invoice's billing profile names a Stripe app, by writing the
 * sync's first step in the issuing transaction (the worker does the calls); else by Tollgate itself, where the invoice
 * waits for payment at once (or is paid, when nothing is owed, as payment providers treat zero invoices).
 */
@ApplicationScoped
public class StripeDelivery implements InvoiceDelivery {

    private final BillingProfileRepository profiles;
    private final StripeInvoiceSyncRepository syncs;
    private final dev.tollgate.invoicing.store.AppRepository apps;
    private final StripeAppService appService;
    private final StripeGateway stripe;

    StripeDelivery(BillingProfileRepository profiles, StripeInvoiceSyncRepository syncs,
            dev.tollgate.invoicing.store.AppRepository apps,
            StripeAppService appService, StripeGateway stripe) {
        this.profiles = profiles;
        this.syncs = syncs;
        this.apps = apps;
        this.appService = appService;
        this.stripe = stripe;
    }

    @Override
    public InvoiceStatus deliver(InvoiceEntity invoice, Instant now) {
        BillingProfileEntity profile = profiles.findById(invoice.profileId);
        invoice.invoicingAppId = profile == null ? null : profile.invoicingAppId;
        InvoiceStatus status;
        if (invoice.invoicingAppId == null) {
            status = invoice.total.signum() <= 0 ? InvoiceStatus.PAID : InvoiceStatus.PAYMENT_PENDING;
        } else {
            StripeInvoiceSyncEntity sync = new StripeInvoiceSyncEntity();
            sync.invoiceId = invoice.id;
            sync.namespace = invoice.namespace;
            sync.appId = invoice.invoicingAppId;
            start(sync, now);
            sync.createdAt = now;
            syncs.persist(sync);
            status = InvoiceStatus.ISSUING_SYNCING;
        }
        invoice.status = status.wireName();
        return status;
    }

    @Override
    public void retry(InvoiceEntity invoice, Instant now) {
        StripeInvoiceSyncEntity sync = syncs.findById(invoice.id);
        if (sync == null) {
            throw new IllegalStateException("invoice " + invoice.id + " has no Stripe sync to retry");
        }
        // Back to the first step not done: what the earlier steps made in Stripe is kept and reused.
        sync.step = sync.stripeCustomerId == null ? StripeSyncStep.CUSTOMER.stored()
                : sync.stripeInvoiceId == null ? StripeSyncStep.INVOICE.stored()
                : StripeSyncStep.LINES.stored();
        sync.attempts = 0;
        sync.nextAttemptAt = now;
        sync.stepStartedAt = now;
        sync.lastError = null;
        sync.updatedAt = now;
        invoice.status = InvoiceStatus.ISSUING_SYNCING.wireName();
        invoice.validationIssues = "[]";
        invoice.updatedAt = now;
    }

    /**
     * Voids the Stripe invoice first (a draft still syncing has none finalized yet: its sync is stopped instead). A
     * Stripe refusal leaves the Tollgate invoice as it is, with Stripe's reason in the answer.
     */
    @Override
    public void voiding(InvoiceEntity invoice, Instant now) {
        if (invoice.invoicingAppId == null) {
            return;
        }
        StripeInvoiceSyncEntity sync = syncs.findById(invoice.id);
        if (sync != null && !StripeSyncStep.DONE.stored().equals(sync.step)) {
            sync.step = StripeSyncStep.FAILED.stored();
            sync.lastError = "voided in Tollgate before the sync finished";
            sync.updatedAt = now;
        }
        if (invoice.externalInvoicingId == null || sync == null || !StripeSyncStep.DONE.stored().equals(sync.step)) {
            return;
        }
        var app = apps.findById(invoice.invoicingAppId);
        try {
            stripe.voidInvoice(appService.connection(app), invoice.externalInvoicingId,
                    "tollgate:invoice:" + invoice.id + ":void");
        } catch (StripeFailure e) {
            if (e.retryable()) {
                throw e.unavailable();
            }
            throw dev.tollgate.shared.problem.ApiException.conflict("Stripe refused to void invoice "
                    + invoice.externalInvoicingId + ": " + e.getMessage());
        }
    }

    private static void start(StripeInvoiceSyncEntity sync, Instant now) {
        sync.step = StripeSyncStep.CUSTOMER.stored();
        sync.attempts = 0;
        sync.nextAttemptAt = now;
        sync.stepStartedAt = now;
        sync.updatedAt = now;
    }
}
