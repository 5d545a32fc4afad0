-- Electronic signatures (issue 13): the «Ключ Кабинета» certificates the
-- portal's own CA issues, the signatures recorded against documents, and
-- the short-lived state between a request and its answer (a prepared
-- signature waiting for the browser's key, a one-time challenge). The
-- state lives here, not in memory, so the two requests may reach
-- different server processes, and it is consumed by one UPDATE so that it
-- can never be answered twice. The CA's and the seal's keys are files,
-- never rows: whoever holds only the database can neither issue
-- certificates nor forge a sealed record.

-- One certificate per key the person made in a browser. Revocation is a
-- timestamp, read by the status endpoint and the revocation list at once.
CREATE TABLE signature_certificates (
    serial        text PRIMARY KEY CHECK (serial ~ '^[0-9a-f]{1,40}$'), -- hexadecimal, as x509 prints it
    account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    der           bytea NOT NULL,
    public_key    bytea NOT NULL,                  -- SubjectPublicKeyInfo, DER
    device        text NOT NULL DEFAULT '',
    subject_name  text NOT NULL,
    snils         text NOT NULL,
    inn           text NOT NULL DEFAULT '',
    not_before    timestamptz NOT NULL,
    not_after     timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    revoke_reason text
);
CREATE INDEX signature_certificates_account_idx ON signature_certificates (account_id);
CREATE INDEX signature_certificates_revoked_idx ON signature_certificates (revoked_at) WHERE revoked_at IS NOT NULL;

-- Every signature of a document, of any kind, with what the law asks to
-- keep: the document's SHA-256, the signer, the time, the method and the
-- certificate, and the CMS itself for export as .p7s. A document that has
-- rows here is not deleted (the documents service checks). document_id
-- gets its foreign key to documents when both sides are together; seal is
-- the portal's ECDSA signature over the record, so a row changed in the
-- database no longer verifies.
CREATE TABLE document_signatures (
    id            uuid PRIMARY KEY,
    document_id   uuid NOT NULL,
    account_id    uuid NOT NULL REFERENCES accounts (id),
    kind          text NOT NULL CHECK (kind IN ('simple', 'key', 'external')),
    sha256        bytea NOT NULL CHECK (length(sha256) = 32),
    signer_name   text NOT NULL,
    signer_snils  text NOT NULL DEFAULT '',
    signer_inn    text NOT NULL DEFAULT '',
    signer        jsonb NOT NULL,                  -- the whole subject as shown (organisation, title…)
    signed_at     timestamptz NOT NULL,
    method        text NOT NULL,
    status        text NOT NULL,
    serial        text NOT NULL DEFAULT '',
    issuer        text NOT NULL DEFAULT '',
    certificate   bytea,                           -- DER of the signer's (or the seal's) certificate
    cms           bytea NOT NULL,                  -- detached CMS SignedData, DER
    cms_sha256    bytea NOT NULL CHECK (length(cms_sha256) = 32),
    seal          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_signatures_document_idx ON document_signatures (document_id);
CREATE INDEX document_signatures_cms_idx ON document_signatures (cms_sha256);

-- A «Ключ Кабинета» signature between prepare and complete: the exact
-- signed attributes handed to the browser, so that the CMS assembled on
-- completion is the one the key signed.
CREATE TABLE signature_requests (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id    uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document_id   uuid NOT NULL,
    serial        text NOT NULL REFERENCES signature_certificates (serial) ON DELETE CASCADE,
    sha256        bytea NOT NULL CHECK (length(sha256) = 32),
    signing_time  timestamptz NOT NULL,
    signed_attrs  bytea NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- A one-time message to sign: a sign-in (bound to an account when the
-- person gave a login first; restricted without a match binds to none) or
-- the confirmation of an account's level (bound to the account).
CREATE TABLE signature_challenges (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    purpose       text NOT NULL CHECK (purpose IN ('login', 'level')),
    message       text NOT NULL,
    account_id    uuid REFERENCES accounts (id) ON DELETE CASCADE,
    restricted    boolean NOT NULL DEFAULT false,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
