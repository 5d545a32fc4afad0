-- Incoming documents carry the agency's signature (issue 13): when an
-- officer sends a decision or a certificate to a person, the portal signs
-- it with the agency's key, under a certificate its own CA issued to the
-- agency. The agency's certificate is kept with the people's, so that the
-- status endpoint, the revocation list and every verification know the
-- CA issued it (the CA's table is how a misused CA key is told apart); its
-- key, like the CA's, is a file. The signature is of the incoming
-- document, not of the officer's upload, which the officer may still
-- delete: document_signatures names one or the other.
ALTER TABLE signature_certificates
    ALTER COLUMN account_id DROP NOT NULL,
    ADD COLUMN agency text REFERENCES agencies (code),
    ADD CONSTRAINT signature_certificates_holder CHECK ((account_id IS NULL) <> (agency IS NULL));

ALTER TABLE document_signatures
    ALTER COLUMN document_id DROP NOT NULL,
    ADD COLUMN incoming_id uuid REFERENCES incoming_documents (id) ON DELETE CASCADE,
    DROP CONSTRAINT document_signatures_kind_check,
    ADD CONSTRAINT document_signatures_kind_check CHECK (kind IN ('simple', 'key', 'external', 'agency')),
    -- an agency's signature is of an incoming document, every other of a
    -- person's document
    ADD CONSTRAINT document_signatures_subject CHECK (
        CASE WHEN kind = 'agency' THEN document_id IS NULL AND incoming_id IS NOT NULL
             ELSE document_id IS NOT NULL AND incoming_id IS NULL END);
CREATE INDEX document_signatures_incoming_idx ON document_signatures (incoming_id) WHERE incoming_id IS NOT NULL;
