package dev.tollgate.finance.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** One journal line of a run: debit a department's expense account, credit the platform (or a platform's team). */
@Entity
@Table(name = "chargeback_journal_lines")
public class ChargebackJournalLineEntity {

    @Id
    public String id;

    @Column(name = "run_id")
    public String runId;

    @Column(name = "line_id")
    public String lineId;

    public int position;

    @Column(name = "debit_account")
    public String debitAccount;

    @Column(name = "credit_account")
    public String creditAccount;

    public BigDecimal amount;

    @Column(name = "amount_minor")
    public long amountMinor;
}
