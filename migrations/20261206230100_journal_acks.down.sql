-- Acknowledgements go; health reports every recorded break again.
DROP TABLE journal_acks;
