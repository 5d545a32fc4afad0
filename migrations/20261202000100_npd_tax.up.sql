-- The self-employed cabinet's tax (issue 4): the monthly notices made by
-- the job on the 12th (one per payer and period, never two), the payments
-- matched to them by УИН from bank statements, the days of arrears the
-- penalty job records, and two general pieces the other cabinets reuse:
-- the in-app inbox with per-category switches, and the register of the
-- documents the portal issues (PDF), which the public verification page
-- reads.

CREATE TABLE npd_notices (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id     uuid NOT NULL REFERENCES npd_payers (account_id) ON DELETE CASCADE,
    period_from    date NOT NULL,
    period_to      date NOT NULL,
    income         bigint NOT NULL,
    deduction_used bigint NOT NULL,
    receipt_count  int NOT NULL,
    tax            bigint NOT NULL, -- the period's own tax, after the deduction
    carried        bigint NOT NULL, -- under 100 ₽ brought from the periods before
    netted         bigint NOT NULL, -- overpayment set off
    amount         bigint NOT NULL, -- to pay; 0 when not issued
    carry_next     bigint NOT NULL,
    overpaid_next  bigint NOT NULL,
    issued         boolean NOT NULL,
    uin            text UNIQUE,     -- the payment id of an issued notice
    due_date       date NOT NULL,
    penalty        bigint NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, period_from),
    CHECK (issued = (uin IS NOT NULL))
);

-- A receipt belongs to the notice of its period once that is made; one
-- annulled after that is an overpayment, netted in a later notice.
ALTER TABLE npd_receipts
    ADD COLUMN notice_id uuid REFERENCES npd_notices (id),
    ADD COLUMN netted_in uuid REFERENCES npd_notices (id);

CREATE TABLE npd_payments (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES npd_payers (account_id) ON DELETE CASCADE,
    notice_id  uuid NOT NULL REFERENCES npd_notices (id),
    amount     bigint NOT NULL CHECK (amount > 0),
    paid_on    date NOT NULL,
    reference  text NOT NULL UNIQUE, -- the bank's document: a statement row is imported once
    imported_by uuid REFERENCES accounts (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX npd_payments_notice_idx ON npd_payments (notice_id);

-- A day on which an issued notice was unpaid after its due date, with the
-- arrears of that day: the penalty is computed from these rows.
CREATE TABLE npd_arrears_days (
    notice_id uuid NOT NULL REFERENCES npd_notices (id) ON DELETE CASCADE,
    day       date NOT NULL,
    arrears   bigint NOT NULL CHECK (arrears > 0),
    PRIMARY KEY (notice_id, day)
);

-- Warnings of the yearly limit already given (80, 90, 100 %).
CREATE TABLE npd_limit_warnings (
    account_id uuid NOT NULL REFERENCES npd_payers (account_id) ON DELETE CASCADE,
    year       int NOT NULL,
    level      int NOT NULL,
    PRIMARY KEY (account_id, year, level)
);

CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    category   text NOT NULL,
    dedup_key  text NOT NULL,        -- one notification per event
    message    text NOT NULL,        -- catalogue key; the texts are shown in the reader's language
    args       jsonb NOT NULL DEFAULT '[]',
    link       text NOT NULL DEFAULT '',
    muted      boolean NOT NULL DEFAULT false, -- the category was switched off
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz,
    UNIQUE (account_id, dedup_key)
);
CREATE INDEX notifications_inbox_idx ON notifications (account_id, id DESC) WHERE NOT muted;

CREATE TABLE notification_prefs (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    category   text NOT NULL,
    PRIMARY KEY (account_id, category) -- a row: the category is off
);

CREATE TABLE issued_documents (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code       text NOT NULL UNIQUE, -- in the verification link and QR
    kind       text NOT NULL,
    account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    title      text NOT NULL,
    holder     text NOT NULL,        -- whom it is about, as printed
    details    jsonb NOT NULL DEFAULT '[]', -- the printed facts, label/value pairs
    sha256     bytea NOT NULL,
    body       bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issued_documents_account_idx ON issued_documents (account_id, created_at DESC);
