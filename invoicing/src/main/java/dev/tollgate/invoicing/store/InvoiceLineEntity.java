package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One invoice line: what it charges for and over which period, where it came from (a subscription's rate card and
 * billing period, a one-off charge, or an adjustment of an issued line), the usage behind it and what it came to.
 */
@Entity
@Table(name = "invoice_lines")
public class InvoiceLineEntity {

    @Id
    public String id;

    public String namespace;

    @Column(name = "invoice_id")
    public String invoiceId;

    /** The customer billed: the subscriber, or its parent when the parent's invoice takes its subsidiaries' lines. */
    @Column(name = "customer_id")
    public String customerId;

    /** The customer whose subscription or usage the line charges for. */
    @Column(name = "usage_customer_id")
    public String usageCustomerId;

    public String currency;

    /** {@code subscription}, {@code manual} or {@code system} (adjustments). */
    @Column(name = "managed_by")
    public String managedBy;

    /** {@code flat_fee} or {@code usage}. */
    public String kind;

    public String name;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public String metadata;

    @Column(name = "period_from")
    public Instant periodFrom;

    @Column(name = "period_to")
    public Instant periodTo;

    @Column(name = "invoice_at")
    public Instant invoiceAt;

    @Column(name = "subscription_id")
    public String subscriptionId;

    @Column(name = "phase_key")
    public String phaseKey;

    @Column(name = "phase_id")
    public String phaseId;

    @Column(name = "item_key")
    public String itemKey;

    @Column(name = "item_id")
    public String itemId;

    @Column(name = "period_index")
    public Integer periodIndex;

    @Column(name = "billing_period_from")
    public Instant billingPeriodFrom;

    @Column(name = "billing_period_to")
    public Instant billingPeriodTo;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "rate_card")
    public String rateCard;

    @Column(name = "feature_key")
    public String featureKey;

    @Column(name = "meter_slug")
    public String meterSlug;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "meter_group_by_filters")
    public String meterGroupByFilters;

    public BigDecimal proration;

    public BigDecimal quantity;

    @Column(name = "pre_line_period_quantity")
    public BigDecimal preLinePeriodQuantity;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "usage_snapshot")
    public String usageSnapshot;

    @JdbcTypeCode(SqlTypes.JSON)
    public String charges;

    public BigDecimal amount;

    @Column(name = "charges_total")
    public BigDecimal chargesTotal;

    @Column(name = "discounts_total")
    public BigDecimal discountsTotal;

    public BigDecimal total;

    @Column(name = "adjusts_line_id")
    public String adjustsLineId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
