-- SMS codes as a second factor (issue 3): the weakest one (SMS can be
-- intercepted or the number taken over), so it is opt-in and the person is
-- told so. A code is bound to what it confirms: a sign-in ticket, a
-- session's step-up, or the enrolment itself; only its HMAC is kept.

CREATE TABLE sms_factors (
    account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    enabled_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE factor_codes (
    id           text PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose      text NOT NULL CHECK (purpose IN ('second', 'stepup', 'enrol')),
    ticket       text,               -- purpose 'second'
    session_id   bytea,              -- purposes 'stepup' and 'enrol'
    phone        text NOT NULL,
    code_hash    bytea NOT NULL,
    failures     int NOT NULL DEFAULT 0,
    expires_at   timestamptz NOT NULL,
    last_sent_at timestamptz NOT NULL,
    consumed_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX factor_codes_binding_idx ON factor_codes (account_id, purpose) WHERE consumed_at IS NULL;
