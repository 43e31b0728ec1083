package dev.tollgate.finance.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One chargeback of one plan and period, with the plan as it was then. */
@Entity
@Table(name = "chargeback_runs")
public class ChargebackRunEntity {

    /** Its departments' invoices are still being issued (or a crash stopped it: the next POST resumes it). */
    public static final String INVOICING = "invoicing";
    public static final String COMPLETED = "completed";

    @Id
    public String id;

    public String namespace;

    @Column(name = "plan_id")
    public String planId;

    @Column(name = "period_start")
    public Instant periodStart;

    @Column(name = "period_end")
    public Instant periodEnd;

    @JdbcTypeCode(SqlTypes.JSON)
    public String plan;

    public String currency;

    public String status;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
