-- Undo: ЕГРИП is the lookup rows of registry_entries only.
DROP TABLE ip_filing_events;
DROP TABLE ip_filings;
DROP TABLE ip_record_entries;
DROP TABLE ip_records;
DROP SEQUENCE ip_filing_number;
DROP SEQUENCE ip_grn_serial;
DROP SEQUENCE ip_ogrnip_serial;
