package dev.tollgate.invoicing.service;

import dev.tollgate.invoicing.store.InvoiceEntity;
import dev.tollgate.invoicing.store.InvoiceLineEntity;
import java.util.List;

/** An invoice with its live lines (none when they were not asked for). */
public record InvoiceDocument(InvoiceEntity invoice, List<InvoiceLineEntity> lines) {
}
