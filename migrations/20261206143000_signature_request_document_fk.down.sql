-- Undoes 20261206143000_signature_request_document_fk (the deleted
-- orphan requests do not come back; they could not complete anyway).
DROP INDEX signature_requests_document_idx;
ALTER TABLE signature_requests DROP CONSTRAINT signature_requests_document_id_fkey;
