package dev.tollgate.finance.domain;

import java.math.BigDecimal;

/**
 * One line of a run's journal for the ledger: debit the department's expense account, credit the platform's account
 * (or the expense account of the department that runs a shared platform), by an amount rounded to minor units.
 *
 * @param department null for costs that belong to no department
 * @param amount the amount in minor units, as a decimal of the currency (1234 minor units of USD are 12.34)
 */
public record JournalLine(int position, String department, String costCenter, String debitAccount,
        String creditAccount, long amountMinor, BigDecimal amount) {

    /** The expense account of a cost center. */
    public static String expenseAccount(String costCenter) {
        return "expense:" + costCenter;
    }
}
