-- ЕГРИП beyond what registry_entries keeps for a lookup by ИНН: the ИП's
-- names and birth date, ОКВЭД codes, tax regime, address and the history
-- of entries (each with its ГРНИП), and the filings Р21001, Р24001,
-- Р26001 that change it, with their timeline. registry_entries stays the
-- one row a buyer lookup reads: the ИП cabinet writes it in the same
-- transaction as these.

-- Serial numbers of new ОГРНИП and ГРНИП (nine digits, DOMAIN.md §1): a
-- sequence never hands the same number to two registrations at once, and
-- the unique ogrn of registry_entries catches a number an import took.
CREATE SEQUENCE ip_ogrnip_serial MAXVALUE 999999999;
CREATE SEQUENCE ip_grn_serial MAXVALUE 999999999;
-- Numbers of submitted filings.
CREATE SEQUENCE ip_filing_number;

CREATE TABLE ip_records (
    inn           text PRIMARY KEY REFERENCES registry_entries (inn) ON DELETE CASCADE,
    -- The account the ИП was registered from (null for imported entries).
    account_id    uuid REFERENCES accounts (id) ON DELETE SET NULL,
    last_name     text NOT NULL CHECK (last_name <> ''),
    first_name    text NOT NULL CHECK (first_name <> ''),
    middle_name   text NOT NULL DEFAULT '',
    birth_date    date,
    main_okved    text NOT NULL,
    other_okved   text[] NOT NULL DEFAULT '{}',
    regime        text NOT NULL CHECK (regime IN ('usn6', 'usn15', 'psn', 'osno', 'npd')),
    region        text NOT NULL CHECK (region ~ '^\d{2}$'),
    address       text NOT NULL DEFAULT '',
    -- How a closed ИП ended: by its own Р26001, or excluded by the
    -- registry (which bars a new registration for three years).
    closed_reason text CHECK (closed_reason IN ('stopped', 'excluded')),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ip_records_account ON ip_records (account_id) WHERE account_id IS NOT NULL;

CREATE TABLE ip_record_entries (
    grn       text PRIMARY KEY CHECK (grn ~ '^\d{15}$'),
    inn       text NOT NULL REFERENCES registry_entries (inn) ON DELETE CASCADE,
    kind      text NOT NULL CHECK (kind IN ('registration', 'change', 'closure', 'import')),
    made_on   date NOT NULL,
    filing_id uuid
);
CREATE INDEX ip_record_entries_inn ON ip_record_entries (inn, made_on DESC);

CREATE TABLE ip_filings (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    form         text NOT NULL CHECK (form IN ('P21001', 'P24001', 'P26001')),
    status       text NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'submitted', 'in_review', 'registered', 'refused', 'additions')),
    step         int NOT NULL DEFAULT 0 CHECK (step BETWEEN 0 AND 100),
    answers      jsonb NOT NULL DEFAULT '{}',
    -- Given at submission, with the applicant's ИНН then and the signature.
    number       text UNIQUE,
    inn          text NOT NULL DEFAULT '',
    sign_method  text NOT NULL DEFAULT '',
    signed_hash  bytea,
    submitted_at timestamptz,
    due_on       date,
    decided_at   timestamptz,
    decided_by   uuid REFERENCES accounts (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'draft') = (number IS NULL))
);
CREATE INDEX ip_filings_account ON ip_filings (account_id, created_at DESC);
-- The registry officer's queue.
CREATE INDEX ip_filings_queue ON ip_filings (due_on, submitted_at) WHERE status IN ('submitted', 'in_review');

-- A filing's timeline: each change of status, by the applicant or the
-- registry, with the reason and the words of a refusal, a question or an
-- answer (the thread of «требуются дополнения»).
CREATE TABLE ip_filing_events (
    id          bigserial PRIMARY KEY,
    filing_id   uuid NOT NULL REFERENCES ip_filings (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    status      text NOT NULL,
    by_registry boolean NOT NULL,
    actor_id    uuid REFERENCES accounts (id),
    reason      text NOT NULL DEFAULT '',
    body        text NOT NULL DEFAULT '',
    method      text NOT NULL DEFAULT '',
    -- The decision as a PDF with its verification page (server/docs):
    -- the record sheet of a registration, or the refusal.
    document_id uuid
);
CREATE INDEX ip_filing_events_filing ON ip_filing_events (filing_id, id);
