package dev.tollgate.catalog.store;

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
@Table(name = "features")
public class FeatureEntity {

    @Id
    public String id;

    public String namespace;

    /** {@code key} in SQL; a keyword in HQL. */
    @Column(name = "key")
    public String featureKey;

    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> metadata;

    @Column(name = "meter_slug")
    public String meterSlug;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "meter_group_by_filters")
    public Map<String, String> meterGroupByFilters;

    @Column(name = "unit_cost_amount")
    public BigDecimal unitCostAmount;

    @Column(name = "unit_cost_currency")
    public String unitCostCurrency;

    /** An llm or meter unit cost (V2026_12_05_17_1); a manual one is in the two columns above. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "unit_cost")
    public Map<String, String> unitCost;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "archived_at")
    public Instant archivedAt;
}
