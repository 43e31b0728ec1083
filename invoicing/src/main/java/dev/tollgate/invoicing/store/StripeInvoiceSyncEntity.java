package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Where an invoice's sync to Stripe stands: the step to do next, and what the steps before it made. */
@Entity
@Table(name = "stripe_invoice_syncs")
public class StripeInvoiceSyncEntity {

    @Id
    @Column(name = "invoice_id")
    public String invoiceId;

    public String namespace;

    @Column(name = "app_id")
    public String appId;

    /** See StripeSyncStep. */
    public String step;

    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;

    @Column(name = "stripe_invoice_id")
    public String stripeInvoiceId;

    /** Batches of lines added so far. */
    @Column(name = "batches_done")
    public int batchesDone;

    /** Failed attempts at the current step. */
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** When the current step was first tried: past Stripe's idempotency window, Stripe is searched first. */
    @Column(name = "step_started_at")
    public Instant stepStartedAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
