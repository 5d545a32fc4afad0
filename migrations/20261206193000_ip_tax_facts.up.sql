-- What the tax authority knows of an ИП, as `kabinet ip tax import`
-- loads it: the reports it received (КНД form code, period, the day
-- received) and the ЕНС balance as of a day (the debt in kopecks). The
-- daily job ip.exclusion_risk reads them: no report for 15 months and a
-- debt is the risk of exclusion (DOMAIN.md §3).
CREATE TABLE ip_tax_reports (
    inn         text NOT NULL REFERENCES registry_entries (inn) ON DELETE CASCADE,
    knd         text NOT NULL CHECK (knd ~ '^\d{7}$'),
    -- YYYY (a year), YYYY-Qn (a quarter) or YYYY-MM (a month).
    period      text NOT NULL CHECK (period ~ '^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$'),
    received_on date NOT NULL,
    PRIMARY KEY (inn, knd, period, received_on)
);

CREATE TABLE ip_ens_balances (
    inn   text NOT NULL REFERENCES registry_entries (inn) ON DELETE CASCADE,
    as_of date NOT NULL,
    debt  bigint NOT NULL CHECK (debt >= 0),
    PRIMARY KEY (inn, as_of)
);

-- The identity document in the record (the owner and the registry
-- officer see it, no public lookup does): kind, series, number, date,
-- issuer, division code, as shared/ip.IdentityDoc.
ALTER TABLE ip_records ADD COLUMN identity_doc jsonb CHECK (jsonb_typeof(identity_doc) = 'object');

-- What the job found when it marked the risk: the debt then and the
-- last report (NULL: none since registration).
ALTER TABLE ip_records ADD COLUMN exclusion_risk_debt bigint,
    ADD COLUMN exclusion_risk_last_report date;
