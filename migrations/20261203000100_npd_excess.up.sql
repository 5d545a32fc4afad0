-- Payments beyond a notice (with its penalty) are an overpayment too: how
-- much of it a later notice has set off already.
ALTER TABLE npd_notices ADD COLUMN excess_netted bigint NOT NULL DEFAULT 0 CHECK (excess_netted >= 0);
