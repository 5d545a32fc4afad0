-- Passkeys (issue 3): WebAuthn credentials of an account, the random user
-- handle the authenticators store instead of anything personal, and the
-- ceremony state between the options and the answer. The state lives here,
-- not in memory, so that the two requests of a ceremony may reach different
-- server processes, and it is consumed by one UPDATE so a challenge can
-- never be answered twice.

-- A random 64-byte handle per account (WebAuthn user.id): an authenticator
-- never learns the account's id, phone or e-mail.
CREATE TABLE webauthn_users (
    account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    handle     bytea NOT NULL UNIQUE CHECK (length(handle) = 64),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The columns are what a sign-in reads and writes back every time (sign
-- count, flags, last use); record keeps the whole credential as go-webauthn
-- produced it (attestation included) for a later check against metadata.
CREATE TABLE passkeys (
    id              bytea PRIMARY KEY,          -- credential id
    account_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            text NOT NULL,
    public_key      bytea NOT NULL,
    aaguid          bytea NOT NULL DEFAULT '\x'::bytea,
    transports      text[] NOT NULL DEFAULT '{}',
    sign_count      bigint NOT NULL DEFAULT 0,
    user_verified   boolean NOT NULL,
    backup_eligible boolean NOT NULL,           -- BE: may be synced to other devices
    backup_state    boolean NOT NULL,           -- BS: is synced now
    record          jsonb NOT NULL,
    created_ip      text NOT NULL DEFAULT '',
    created_ua      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz
);
CREATE INDEX passkeys_account_idx ON passkeys (account_id);

-- One ceremony: registration (bound to the session), a sign-in without a
-- login, a passkey as the second factor (bound to the sign-in ticket), or a
-- step-up (bound to the session). data is go-webauthn's SessionData.
CREATE TABLE webauthn_ceremonies (
    id          text PRIMARY KEY,
    purpose     text NOT NULL CHECK (purpose IN ('register', 'login', 'second', 'stepup')),
    account_id  uuid REFERENCES accounts (id) ON DELETE CASCADE,
    session_id  bytea,
    ticket      text,
    data        jsonb NOT NULL,
    expires_at  timestamptz NOT NULL,
    consumed_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
