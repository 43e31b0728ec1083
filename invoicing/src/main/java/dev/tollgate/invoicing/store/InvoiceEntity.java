package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An invoice: its status, the workflow and parties it was made under, its dates and totals. */
@Entity
@Table(name = "invoices")
public class InvoiceEntity {

    @Id
    public String id;

    public String namespace;

    @Column(name = "customer_id")
    public String customerId;

    public String currency;

    /** The extended status, such as {@code draft.waiting_auto_approval}. */
    public String status;

    public String number;

    @Column(name = "profile_id")
    public String profileId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String workflow;

    @JdbcTypeCode(SqlTypes.JSON)
    public String supplier;

    @JdbcTypeCode(SqlTypes.JSON)
    public String customer;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public String metadata;

    @Column(name = "period_from")
    public Instant periodFrom;

    @Column(name = "period_to")
    public Instant periodTo;

    public BigDecimal amount;

    @Column(name = "charges_total")
    public BigDecimal chargesTotal;

    @Column(name = "discounts_total")
    public BigDecimal discountsTotal;

    public BigDecimal total;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "validation_issues")
    public String validationIssues;

    @Column(name = "draft_until")
    public Instant draftUntil;

    @Column(name = "collection_at")
    public Instant collectionAt;

    @Column(name = "quantity_snapshotted_at")
    public Instant quantitySnapshottedAt;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "due_at")
    public Instant dueAt;

    @Column(name = "voided_at")
    public Instant voidedAt;

    @Column(name = "paid_at")
    public Instant paidAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The app that invoices it when it is issued (Stripe); null for Tollgate's own invoicing. */
    @Column(name = "invoicing_app_id")
    public String invoicingAppId;

    /** The invoice's id in the invoicing app, such as Stripe's {@code in_…}. */
    @Column(name = "external_invoicing_id")
    public String externalInvoicingId;

    @Column(name = "external_number")
    public String externalNumber;

    /** Where the customer sees and pays it, such as Stripe's hosted invoice page. */
    @Column(name = "external_url")
    public String externalUrl;

    /** Moves the invoice to the status, with the dates that come with it (paid, voided). */
    public void moveTo(dev.tollgate.invoicing.domain.InvoiceStatus next, Instant now) {
        status = next.wireName();
        updatedAt = now;
        if (next == dev.tollgate.invoicing.domain.InvoiceStatus.PAID) {
            paidAt = now;
        } else if (next == dev.tollgate.invoicing.domain.InvoiceStatus.VOIDED) {
            voidedAt = now;
        }
    }

    /** When the invoicing app's last event that was applied happened: older events arriving later change nothing. */
    @Column(name = "provider_event_at")
    public Instant providerEventAt;
}
