-- Second factors (issue 3): an authenticator app (TOTP) per account, with
-- its secret encrypted by a server key; ten single-use recovery codes kept
-- only as HMACs; sign-in tickets that hold the state between a right
-- password and the second factor; and the time of a session's last fresh
-- second factor, which step-up checks (sensitive actions within 5 minutes).

CREATE TABLE totp_factors (
    account_id   uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret_enc   bytea NOT NULL,          -- AES-256-GCM: nonce || ciphertext
    confirmed_at timestamptz,             -- NULL while the person is enrolling
    -- The last time step whose code was accepted: a code works only once.
    last_step    bigint NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recovery_codes (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  bytea NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE login_tickets (
    id          text PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    ip          text NOT NULL DEFAULT '',
    user_agent  text NOT NULL DEFAULT '',
    failures    int NOT NULL DEFAULT 0,
    expires_at  timestamptz NOT NULL,
    consumed_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE sessions ADD COLUMN step_up_at timestamptz;
