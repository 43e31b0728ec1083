/**
 * Per-cycle invoices pushed to Stripe, and showback and chargeback reports for finance. Not built yet.
 */
package dev.tollgate.invoicing;
