-- Undo: receipts to organisations are checked by the ИНН's check digit only.
DROP TABLE registry_entries;
