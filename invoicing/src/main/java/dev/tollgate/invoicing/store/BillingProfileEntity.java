package dev.tollgate.invoicing.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A billing profile; its JSON columns are written and read by {@link BillingProfileRepository}. */
@Entity
@Table(name = "billing_profiles")
public class BillingProfileEntity {

    @Id
    public String id;

    public String namespace;

    public String name;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public String metadata;

    @JdbcTypeCode(SqlTypes.JSON)
    public String supplier;

    @JdbcTypeCode(SqlTypes.JSON)
    public String workflow;

    /** The app that invoices and collects for the profile (Stripe); null for Tollgate's own invoicing. */
    @Column(name = "invoicing_app_id")
    public String invoicingAppId;

    @Column(name = "is_default")
    public boolean isDefault;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
