-- A feature's unit cost of the kinds beyond OpenMeter's manual amount (kept in unit_cost_amount/currency): 'llm'
-- (provider, model and token type, each a value or a meter group-by property, priced by finance's LLM cost table)
-- and 'meter' (the cost another meter measures). The whole unit cost as the API shows it, camelCase keys.
ALTER TABLE features ADD COLUMN unit_cost JSONB;
