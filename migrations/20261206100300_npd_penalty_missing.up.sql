-- A notice whose days of arrears the key rates do not cover keeps its
-- penalty, and records the first such day: the ledger names the missing
-- data instead of showing a penalty that leaves those days out, and the
-- nightly job computes it again once the rates are imported.
ALTER TABLE npd_notices ADD COLUMN penalty_missing text NOT NULL DEFAULT '';
