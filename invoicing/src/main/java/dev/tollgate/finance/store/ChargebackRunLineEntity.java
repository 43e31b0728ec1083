package dev.tollgate.finance.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** One department's charge in a run, exact, with its rounded total and the internal invoice it got. */
@Entity
@Table(name = "chargeback_run_lines")
public class ChargebackRunLineEntity {

    @Id
    public String id;

    @Column(name = "run_id")
    public String runId;

    public int position;

    public String department;

    @Column(name = "cost_center")
    public String costCenter;

    @Column(name = "billing_customer_id")
    public String billingCustomerId;

    @Column(name = "direct_cost")
    public BigDecimal directCost;

    @Column(name = "allocated_cost")
    public BigDecimal allocatedCost;

    public BigDecimal markup;

    public BigDecimal total;

    @Column(name = "total_minor")
    public long totalMinor;

    @Column(name = "invoice_id")
    public String invoiceId;
}
