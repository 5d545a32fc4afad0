-- The self-employed cabinet (issue 4): a person registered as a payer of
-- НПД, with the balance of the one-time deduction kept on the payer's row
-- (each receipt spends from it under that row's lock, so two receipts at
-- once never spend it twice), and the receipts: never edited, only
-- annulled with one of the two legal reasons. The tax and the deduction a
-- receipt used are stored with it, as computed when it was issued.

CREATE TABLE npd_payers (
    account_id      uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    inn             text NOT NULL,
    region          text NOT NULL,
    activities      text[] NOT NULL,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'blocked')),
    status_reason   text NOT NULL DEFAULT '',
    deduction_left  bigint NOT NULL CHECK (deduction_left >= 0),
    registered_at   timestamptz NOT NULL DEFAULT now(),
    deregistered_at timestamptz
);

CREATE TABLE npd_receipts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    number         text NOT NULL UNIQUE,
    account_id     uuid NOT NULL REFERENCES npd_payers (account_id) ON DELETE CASCADE,
    items          jsonb NOT NULL,
    total          bigint NOT NULL CHECK (total > 0),
    buyer_type     text NOT NULL CHECK (buyer_type IN ('person', 'business', 'foreign')),
    buyer_inn      text NOT NULL DEFAULT '',
    buyer_name     text NOT NULL DEFAULT '',
    payment        text NOT NULL CHECK (payment IN ('cash', 'account')),
    settled_at     timestamptz NOT NULL,
    tax            bigint NOT NULL,
    deduction_used bigint NOT NULL,
    annulled_at    timestamptz,
    annul_reason   text CHECK (annul_reason IN ('mistake', 'refund')),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX npd_receipts_account_idx ON npd_receipts (account_id, settled_at DESC);
