-- The document layer every cabinet uses (issue 13): the person's uploaded
-- files, sendings to agencies with their timeline, and the documents
-- agencies send back. server/documents owns these tables.

-- File contents, stored once per distinct SHA-256 however many people
-- upload them, in chunks so that a file streams in and out without being
-- held whole in memory. A blob is written with sha256 NULL while its
-- upload runs (inside the upload's transaction) and gets its hash at the
-- end; the unique hash is what makes the same bytes stored once.
CREATE TABLE document_blobs (
    id         bigserial PRIMARY KEY,
    sha256     bytea UNIQUE CHECK (length(sha256) = 32),
    size       bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE document_blob_chunks (
    blob_id bigint NOT NULL REFERENCES document_blobs (id) ON DELETE CASCADE,
    seq     int NOT NULL CHECK (seq >= 0),
    data    bytea NOT NULL,
    PRIMARY KEY (blob_id, seq)
);
-- PDF, DOCX, XLSX, JPG and PNG are compressed already: TOAST need not try
-- to compress them again (XML loses a little, once).
ALTER TABLE document_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- A person's document: a name and a type over a blob. The same bytes
-- uploaded twice by one person are one document.
CREATE TABLE documents (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    blob_id    bigint NOT NULL REFERENCES document_blobs (id),
    name       text NOT NULL CHECK (name <> '' AND length(name) <= 255),
    type       text NOT NULL CHECK (type IN ('pdf', 'docx', 'xlsx', 'xml', 'jpg', 'png')),
    -- the name in lower case, folded by the server: the cluster's C
    -- locale folds no Cyrillic, and the search is by any case
    name_folded text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, blob_id)
);
CREATE INDEX documents_account_idx ON documents (account_id, created_at DESC);
CREATE INDEX documents_blob_idx ON documents (blob_id);

-- Agencies and the kinds of request each takes are data: a deployment may
-- add its own. signatures lists the kinds of signature the agency accepts
-- (simple: простая электронная подпись, key: «Ключ Кабинета», external: a CMS
-- signature made elsewhere); the officer's permission is
-- documents.agency.<code> (shared.PermAgencyPrefix).
CREATE TABLE agencies (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    category   text NOT NULL CHECK (category IN ('tax', 'registration', 'statistics', 'licensing')),
    name_ru    text NOT NULL,
    name_en    text NOT NULL,
    signatures text[] NOT NULL CHECK (signatures <@ ARRAY['simple', 'key', 'external']),
    position   int NOT NULL DEFAULT 0
);

CREATE TABLE agency_requests (
    agency   text NOT NULL REFERENCES agencies (code) ON DELETE CASCADE,
    code     text NOT NULL,
    title_ru text NOT NULL,
    title_en text NOT NULL,
    position int NOT NULL DEFAULT 0,
    PRIMARY KEY (agency, code)
);

INSERT INTO agencies (code, category, name_ru, name_en, signatures, position) VALUES
    ('fns', 'tax', 'ФНС России — налоговая инспекция', 'Federal Tax Service: tax office', ARRAY['key', 'external'], 1),
    ('fns_reg', 'registration', 'ФНС России — регистрация юрлиц и ИП', 'Federal Tax Service: registration of companies and sole traders', ARRAY['key', 'external'], 2),
    ('rosstat', 'statistics', 'Росстат', 'Federal State Statistics Service (Rosstat)', ARRAY['simple', 'key', 'external'], 3),
    ('roszdrav', 'licensing', 'Росздравнадзор', 'Federal Service for Surveillance in Healthcare', ARRAY['key', 'external'], 4),
    ('mchs', 'licensing', 'МЧС России', 'Ministry of Emergency Situations', ARRAY['simple', 'key', 'external'], 5);

INSERT INTO agency_requests (agency, code, title_ru, title_en, position) VALUES
    ('fns', 'declaration', 'Налоговая декларация', 'Tax return', 1),
    ('fns', 'explanation', 'Пояснения к декларации', 'Explanations to a tax return', 2),
    ('fns', 'demand_reply', 'Ответ на требование', 'Reply to a demand', 3),
    ('fns', 'refund', 'Заявление о зачёте или возврате', 'Application for an offset or a refund', 4),
    ('fns_reg', 'p11001', 'Р11001 — регистрация юридического лица', 'P11001: registration of a company', 1),
    ('fns_reg', 'p13014', 'Р13014 — изменения в ЕГРЮЛ', 'P13014: changes to the company register', 2),
    ('fns_reg', 'p21001', 'Р21001 — регистрация ИП', 'P21001: registration of a sole trader', 3),
    ('fns_reg', 'p24001', 'Р24001 — изменения в ЕГРИП', 'P24001: changes to the sole trader register', 4),
    ('fns_reg', 'p26001', 'Р26001 — прекращение деятельности ИП', 'P26001: closing a sole trader', 5),
    ('rosstat', 'report', 'Статистическая отчётность', 'Statistical report', 1),
    ('rosstat', 'explanation', 'Пояснения к отчётности', 'Explanations to a report', 2),
    ('roszdrav', 'licence', 'Заявление о предоставлении лицензии', 'Application for a licence', 1),
    ('roszdrav', 'licence_change', 'Заявление о внесении изменений в реестр лицензий', 'Application to change the licence register', 2),
    ('mchs', 'licence', 'Заявление о предоставлении лицензии', 'Application for a licence', 1),
    ('mchs', 'licence_change', 'Заявление о внесении изменений в реестр лицензий', 'Application to change the licence register', 2);

-- A sending: documents sent to an agency with a request, numbered for the
-- person to quote. status is the latest step of sending_events.
CREATE TABLE sendings (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number     text NOT NULL UNIQUE,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agency     text NOT NULL REFERENCES agencies (code),
    request    text NOT NULL,
    note       text NOT NULL DEFAULT '',
    status     text NOT NULL CHECK (status IN ('sent', 'delivered', 'accepted', 'rejected', 'additions')),
    -- when the sending last reached the agency's desk (sent or answered):
    -- the officer's queue shows its age from here
    waiting_since timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (agency, request) REFERENCES agency_requests (agency, code)
);
-- The numbers' sequence belongs to the table, so that it goes wherever
-- the table goes (its owner, db.EnsureRoles).
CREATE SEQUENCE sending_numbers OWNED BY sendings.number;
CREATE INDEX sendings_account_idx ON sendings (account_id, created_at DESC);
CREATE INDEX sendings_desk_idx ON sendings (agency, status, waiting_since);

-- The documents of a sending. No cascade from documents: a document that
-- was sent cannot be deleted (the service refuses first, with the reason).
CREATE TABLE sending_documents (
    sending_id  uuid NOT NULL REFERENCES sendings (id) ON DELETE CASCADE,
    document_id uuid NOT NULL REFERENCES documents (id),
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sending_id, document_id)
);
CREATE INDEX sending_documents_document_idx ON sending_documents (document_id);

-- The timeline: one row per step, with the status it led to and the
-- officer who took it (NULL: the person, or the portal's delivery).
CREATE TABLE sending_events (
    id         bigserial PRIMARY KEY,
    sending_id uuid NOT NULL REFERENCES sendings (id) ON DELETE CASCADE,
    status     text NOT NULL CHECK (status IN ('sent', 'delivered', 'accepted', 'rejected', 'additions')),
    note       text NOT NULL DEFAULT '',
    documents  uuid[] NOT NULL DEFAULT '{}',
    actor_id   uuid REFERENCES accounts (id),
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sending_events_sending_idx ON sending_events (sending_id, id);

-- Documents agencies send to a person: decisions, requests, certificates,
-- notices. They point at a blob (the officer's file is not the person's
-- document, and the officer may delete it later without taking this away).
CREATE TABLE incoming_documents (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    agency     text NOT NULL REFERENCES agencies (code),
    sending_id uuid REFERENCES sendings (id) ON DELETE SET NULL,
    blob_id    bigint NOT NULL REFERENCES document_blobs (id),
    kind       text NOT NULL CHECK (kind IN ('decision', 'request', 'certificate', 'notice')),
    title      text NOT NULL,
    name       text NOT NULL,
    type       text NOT NULL CHECK (type IN ('pdf', 'docx', 'xlsx', 'xml', 'jpg', 'png')),
    sent_by    uuid REFERENCES accounts (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX incoming_documents_account_idx ON incoming_documents (account_id, created_at DESC);
CREATE INDEX incoming_documents_blob_idx ON incoming_documents (blob_id);
