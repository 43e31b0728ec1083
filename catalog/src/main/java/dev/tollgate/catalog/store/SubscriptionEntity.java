package dev.tollgate.catalog.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "subscriptions")
public class SubscriptionEntity {

    @Id
    public String id;

    public String namespace;

    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "plan_id")
    public String planId;

    @Column(name = "plan_key")
    public String planKey;

    @Column(name = "plan_version")
    public int planVersion;

    public String name;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    public String currency;

    @Column(name = "billing_cadence")
    public String billingCadence;

    @Column(name = "billing_anchor")
    public Instant billingAnchor;

    @Column(name = "active_from")
    public Instant activeFrom;

    @Column(name = "active_to")
    public Instant activeTo;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
