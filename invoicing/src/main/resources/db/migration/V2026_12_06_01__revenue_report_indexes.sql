-- The revenue and margin reports read the standing invoices issued or paid in a range, and the lines whose service
-- period starts in it. Without these, each report scanned every invoice line of the namespace.
CREATE INDEX invoices_issued ON invoices (namespace, issued_at) WHERE deleted_at IS NULL AND issued_at IS NOT NULL;
CREATE INDEX invoices_paid ON invoices (namespace, paid_at) WHERE deleted_at IS NULL AND paid_at IS NOT NULL;
CREATE INDEX invoice_lines_period ON invoice_lines (namespace, period_from) WHERE deleted_at IS NULL;
