-- Acknowledgements go; health reports every recorded break again.
DROP INDEX journal_checks_broken_idx;
DROP TABLE journal_acks;
