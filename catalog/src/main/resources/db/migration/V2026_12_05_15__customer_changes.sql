-- The access view of every process asks each second which customers changed (keys, subjects, deletion) since it last
-- looked.
CREATE INDEX customers_updated ON customers (updated_at);
