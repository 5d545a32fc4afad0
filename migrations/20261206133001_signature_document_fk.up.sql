-- document_signatures.document_id gets its foreign key to documents
-- (issue 13): the two tables were built apart, and the documents service
-- alone refused to delete a signed document. Now the database holds it
-- too: a signature record is evidence and never names a document that is
-- not there. No cascade: a signed document is not deleted.
--
-- Rows that already name a missing document stop the migration with
-- their count, rather than being dropped silently or failing on the
-- constraint's bare message; whoever runs it decides what they were.
DO $$
DECLARE
    orphans int;
BEGIN
    SELECT count(*) INTO orphans FROM document_signatures s
    WHERE s.document_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.document_id);
    IF orphans > 0 THEN
        RAISE EXCEPTION 'document_signatures: % signature record(s) name a document that is not in documents; see SELECT id, document_id FROM document_signatures WHERE document_id NOT IN (SELECT id FROM documents)', orphans;
    END IF;
END $$;

ALTER TABLE document_signatures
    ADD CONSTRAINT document_signatures_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents (id);
