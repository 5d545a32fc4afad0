-- The year's income of a payer as a running total, so that a receipt
-- checks the yearly limit in constant time (was a sum over the year's
-- receipts). Kept under the payer's row lock by issuing and annulling.
CREATE TABLE npd_year_income (
    account_id uuid NOT NULL REFERENCES npd_payers (account_id) ON DELETE CASCADE,
    year       int NOT NULL,
    income     bigint NOT NULL CHECK (income >= 0),
    PRIMARY KEY (account_id, year)
);

INSERT INTO npd_year_income (account_id, year, income)
SELECT account_id, extract(year FROM settled_at AT TIME ZONE 'Europe/Moscow')::int, sum(total)
FROM npd_receipts WHERE annulled_at IS NULL
GROUP BY 1, 2;
