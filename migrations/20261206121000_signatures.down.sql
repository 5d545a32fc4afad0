-- Undoes 20261206121000_signatures.
DROP TABLE signature_challenges;
DROP TABLE signature_requests;
DROP TABLE document_signatures;
DROP TABLE signature_certificates;
