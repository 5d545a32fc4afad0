-- Undo: filings keep no signed document.
ALTER TABLE ip_filings DROP COLUMN signed_document;
