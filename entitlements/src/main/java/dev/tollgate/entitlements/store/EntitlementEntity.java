package dev.tollgate.entitlements.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "entitlements")
public class EntitlementEntity {

    @Id
    public String id;

    public String namespace;

    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "feature_id")
    public String featureId;

    @Column(name = "feature_key")
    public String featureKey;

    @Column(name = "meter_slug")
    public String meterSlug;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "meter_group_by_filters")
    public Map<String, String> meterGroupByFilters;

    public String type;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> annotations;

    public String config;

    /** A plan template's quota notification levels, {@code {type, value}}; empty for entitlements made by hand. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<Map<String, Object>> thresholds = new ArrayList<>();

    @Column(name = "usage_period_interval")
    public String usagePeriodInterval;

    @Column(name = "usage_period_anchor")
    public Instant usagePeriodAnchor;

    @Column(name = "measure_usage_from")
    public Instant measureUsageFrom;

    @Column(name = "is_soft_limit")
    public boolean isSoftLimit;

    @Column(name = "preserve_overage_at_reset")
    public boolean preserveOverageAtReset;

    @Column(name = "issue_after_reset")
    public BigDecimal issueAfterReset;

    @Column(name = "issue_after_reset_priority")
    public Integer issueAfterResetPriority;

    @Column(name = "subscription_id")
    public String subscriptionId;

    @Column(name = "subscription_phase_key")
    public String subscriptionPhaseKey;

    @Column(name = "subscription_item_key")
    public String subscriptionItemKey;

    @Column(name = "active_from")
    public Instant activeFrom;

    @Column(name = "active_to")
    public Instant activeTo;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
