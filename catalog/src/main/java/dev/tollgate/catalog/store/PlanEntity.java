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
@Table(name = "plans")
public class PlanEntity {

    @Id
    public String id;

    public String namespace;

    /** {@code key} in SQL; a keyword in HQL. */
    @Column(name = "key")
    public String planKey;

    @Column(name = "version")
    public int planVersion;

    public String name;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    public String currency;

    @Column(name = "billing_cadence")
    public String billingCadence;

    @Column(name = "pro_rating_enabled")
    public boolean proRatingEnabled;

    @Column(name = "pro_rating_mode")
    public String proRatingMode;

    /** The phases in OpenMeter's JSON, written and read by {@link PlanRepository}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String phases;

    @Column(name = "effective_from")
    public Instant effectiveFrom;

    @Column(name = "effective_to")
    public Instant effectiveTo;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
