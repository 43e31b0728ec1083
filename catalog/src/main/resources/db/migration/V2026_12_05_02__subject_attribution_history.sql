-- Usage attribution in time. A subject's row now also says since when it is attributed to the customer
-- (attributed_from; null for "from the beginning", the first holder of a subject), and removing a subject from a live
-- customer ends its row (released_at, detached) instead of deleting it. So when a subject moves from customer A to B
-- on the 15th, A is billed for its usage before and B for its usage after. A new holder takes the subject from the
-- moment the previous one let go of it, so no usage of the subject falls between two customers.
ALTER TABLE customer_subjects ADD COLUMN attributed_from TIMESTAMPTZ;
ALTER TABLE customer_subjects ADD COLUMN detached BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX customer_subjects_subject ON customer_subjects (namespace, subject_key);
