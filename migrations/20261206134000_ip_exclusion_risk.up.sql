-- The risk of exclusion from ЕГРИП (DOMAIN.md §3: no reports for 15
-- months and a tax debt), computed by the daily job ip.exclusion_risk,
-- not at page load: the day the ИП was first found at risk, NULL when
-- it is not.
ALTER TABLE ip_records ADD COLUMN exclusion_risk_since date;
