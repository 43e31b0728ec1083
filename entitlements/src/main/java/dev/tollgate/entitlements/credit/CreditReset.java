package dev.tollgate.entitlements.credit;

import java.time.Instant;

/**
 * A reset of the usage period at a whole minute: grant balances roll over, usage in the period starts again, and the
 * overage is either forgiven or carried, to be paid from the rolled-over balances.
 */
public record CreditReset(Instant at, boolean preserveOverage) {
}
