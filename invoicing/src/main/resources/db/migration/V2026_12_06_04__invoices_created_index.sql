-- The invoice list's default order (OpenMeter's createdAt, newest first) over a namespace's live invoices: read from
-- this index a page at a time, where a year of invoices (130,000 at 10,000 customers) was sorted for each page.
CREATE INDEX invoices_created ON invoices (namespace, created_at, id) WHERE deleted_at IS NULL;
