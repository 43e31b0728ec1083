package dev.tollgate.entitlements.api;

import java.util.List;

/**
 * A CDI event: the access view took in usage, a grant, a reset or a new period, and these balances moved. Fired on the
 * view's own threads, in every process: an observer must return quickly and hand longer work to its own thread.
 */
public record BalancesMoved(List<LiveBalance> balances) {
}
