-- A receipt is issued in one statement without a lock held across round
-- trips: the server reads the payer's deduction and the year's income,
-- computes the tax with the engine, and writes only if nothing changed
-- since. seq is what "nothing changed" compares: every receipt and every
-- annulment adds one to it, in the same transaction as the totals.
ALTER TABLE npd_payers ADD COLUMN seq bigint NOT NULL DEFAULT 0;
