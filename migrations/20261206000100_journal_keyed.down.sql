DROP TRIGGER journal_no_truncate ON journal;
DROP TABLE journal_checks;
DROP TABLE journal_legacy;
ALTER TABLE journal DROP COLUMN keyed;
