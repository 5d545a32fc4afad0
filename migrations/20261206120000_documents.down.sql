-- Removes the document layer (and every stored file with it).
DROP TABLE incoming_documents;
DROP TABLE sending_events;
DROP TABLE sending_documents;
DROP TABLE sendings; -- and its sequence sending_numbers
DROP TABLE agency_requests;
DROP TABLE agencies;
DROP TABLE documents;
DROP TABLE document_blob_chunks;
DROP TABLE document_blobs;
