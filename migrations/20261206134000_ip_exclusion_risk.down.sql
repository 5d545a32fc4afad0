-- Undo: the exclusion risk is not kept.
ALTER TABLE ip_records DROP COLUMN exclusion_risk_since;
