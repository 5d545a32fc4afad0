-- Undo: no tax facts, no identity document in the record.
ALTER TABLE ip_records DROP COLUMN exclusion_risk_last_report, DROP COLUMN exclusion_risk_debt, DROP COLUMN identity_doc;
DROP TABLE ip_ens_balances;
DROP TABLE ip_tax_reports;
