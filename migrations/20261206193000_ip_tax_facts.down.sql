-- Undo: no tax facts.
ALTER TABLE ip_records DROP COLUMN exclusion_risk_last_report, DROP COLUMN exclusion_risk_debt;
DROP TABLE ip_ens_balances;
DROP TABLE ip_tax_reports;
