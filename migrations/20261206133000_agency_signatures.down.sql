-- Undoes 20261206133000_agency_signatures: the agencies' signatures and
-- certificates go with it.
DELETE FROM document_signatures WHERE kind = 'agency';
DROP INDEX document_signatures_incoming_idx;
ALTER TABLE document_signatures
    DROP CONSTRAINT document_signatures_subject,
    DROP CONSTRAINT document_signatures_kind_check,
    ADD CONSTRAINT document_signatures_kind_check CHECK (kind IN ('simple', 'key', 'external')),
    DROP COLUMN incoming_id,
    ALTER COLUMN document_id SET NOT NULL;
DELETE FROM signature_certificates WHERE agency IS NOT NULL;
ALTER TABLE signature_certificates
    DROP CONSTRAINT signature_certificates_holder,
    DROP COLUMN agency,
    ALTER COLUMN account_id SET NOT NULL;
