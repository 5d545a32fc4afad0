-- Undo: receipts no longer record a part over the limit.
ALTER TABLE npd_receipts DROP COLUMN over_limit, DROP COLUMN over_limit_regime, DROP COLUMN over_limit_tax;
