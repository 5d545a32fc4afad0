-- The receipt that crosses the yearly limit is issued (income received
-- must get its receipt) and ends the status; the part of it over the
-- limit is outside НПД. It is kept on the receipt, with the regime and
-- the tax that part falls under by the data at the settlement, so that
-- the receipt, its PDF, the income and the notices can tell it apart.
ALTER TABLE npd_receipts
    ADD COLUMN over_limit        bigint NOT NULL DEFAULT 0 CHECK (over_limit >= 0 AND over_limit <= total),
    ADD COLUMN over_limit_regime text   NOT NULL DEFAULT '',
    ADD COLUMN over_limit_tax    bigint NOT NULL DEFAULT 0 CHECK (over_limit_tax >= 0);
