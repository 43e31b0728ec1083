package dev.tollgate.finance.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A chargeback plan; its allocation rules are JSON. */
@Entity
@Table(name = "chargeback_plans")
public class ChargebackPlanEntity {

    @Id
    public String id;

    public String namespace;

    public String name;

    public String description;

    @Column(name = "department_key")
    public String departmentKey;

    @Column(name = "department_level")
    public int departmentLevel;

    @Column(name = "markup_percent")
    public BigDecimal markupPercent;

    public String currency;

    @Column(name = "credit_account")
    public String creditAccount;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "allocation_rules")
    public String allocationRules;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
