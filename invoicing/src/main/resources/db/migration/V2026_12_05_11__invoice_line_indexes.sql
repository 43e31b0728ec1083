-- Reconciliation reads, per customer invoiced, the usage lines billed to it whose period ended within the lateness
-- window: without this index each read scanned every line, and a run over N customers took O(N^2).
CREATE INDEX invoice_lines_billed_usage ON invoice_lines (namespace, customer_id, billing_period_to)
    WHERE kind = 'usage' AND deleted_at IS NULL;
