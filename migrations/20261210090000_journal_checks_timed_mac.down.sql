ALTER TABLE journal_checks DROP COLUMN timed_mac;
