-- signature_requests.document_id gets its foreign key to documents
-- (issue 13), as document_signatures.document_id got in 20261206133001.
-- Unlike a signature record, a prepared «Ключ Кабинета» signature is no
-- evidence: it lives minutes and only waits for the browser's key. So the
-- key cascades: deleting an unsigned document (allowed) takes its pending
-- requests with it, and a completion that arrives afterwards finds no
-- request (request_expired) instead of recording a signature of a
-- document that is gone.
--
-- Requests that already name a missing document can never complete for
-- the same reason; they are deleted here rather than stopping the
-- migration.
DELETE FROM signature_requests r
WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = r.document_id);

ALTER TABLE signature_requests
    ADD CONSTRAINT signature_requests_document_id_fkey FOREIGN KEY (document_id) REFERENCES documents (id) ON DELETE CASCADE;
CREATE INDEX signature_requests_document_idx ON signature_requests (document_id);
