/**
 * Invoicing: billing profiles and their workflows, the gathering invoice of each customer, the billing run that closes
 * each cycle into invoices, and the invoice lifecycle. See docs/invoicing.md.
 */
package dev.tollgate.invoicing;
