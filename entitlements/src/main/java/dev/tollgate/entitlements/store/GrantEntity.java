package dev.tollgate.entitlements.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "grants")
public class GrantEntity {

    @Id
    public String id;

    public String namespace;

    @Column(name = "entitlement_id")
    public String entitlementId;

    public BigDecimal amount;

    public int priority;

    @Column(name = "effective_at")
    public Instant effectiveAt;

    @Column(name = "expiration_duration")
    public String expirationDuration;

    @Column(name = "expiration_count")
    public Integer expirationCount;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "recurrence_interval")
    public String recurrenceInterval;

    @Column(name = "recurrence_anchor")
    public Instant recurrenceAnchor;

    @Column(name = "min_rollover_amount")
    public BigDecimal minRolloverAmount;

    @Column(name = "max_rollover_amount")
    public BigDecimal maxRolloverAmount;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> annotations;

    @Column(name = "voided_at")
    public Instant voidedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
