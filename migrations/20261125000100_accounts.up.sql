-- The foundation of identity: person accounts (ЕСИА model: levels and
-- statuses with reasons), staff roles for the back office, server-side
-- sessions, one-time code challenges, password lockout and per-IP throttling
-- counters, the hash-chained journal, the outbox of messages and a job queue.
-- Everything lives in PostgreSQL so any number of server processes can serve.

CREATE TABLE accounts (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    last_name              text NOT NULL,
    first_name             text NOT NULL,
    middle_name            text NOT NULL DEFAULT '',
    birth_date             date,
    -- Canonical forms only: +7XXXXXXXXXX and a lower-case address.
    phone                  text NOT NULL,
    phone_confirmed_at     timestamptz,
    email                  text NOT NULL,
    email_confirmed_at     timestamptz,
    inn                    text,
    snils                  text,
    passport_series        text,
    passport_number        text,
    passport_issued_on     date,
    passport_issued_by     text,
    passport_division_code text,
    -- PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$hash
    password_hash          text NOT NULL,
    password_changed_at    timestamptz NOT NULL DEFAULT now(),
    level                  text NOT NULL DEFAULT 'simplified'
                           CHECK (level IN ('simplified', 'standard', 'confirmed')),
    status                 text NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('active', 'pending', 'blocked', 'needs_update')),
    -- Why the status is what it is (shown to the person); empty when active.
    status_reason          text NOT NULL DEFAULT '',
    confirmed_at           timestamptz,
    confirmed_by           uuid REFERENCES accounts (id),
    lang                   text NOT NULL DEFAULT 'ru',
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (phone ~ '^\+7[0-9]{10}$'),
    CHECK (inn IS NULL OR inn ~ '^[0-9]{12}$'),
    CHECK (snils IS NULL OR snils ~ '^[0-9]{11}$')
);

-- Every login identifier finds at most one account.
CREATE UNIQUE INDEX accounts_phone_key ON accounts (phone);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
CREATE UNIQUE INDEX accounts_inn_key ON accounts (inn) WHERE inn IS NOT NULL;
CREATE UNIQUE INDEX accounts_snils_key ON accounts (snils) WHERE snils IS NOT NULL;

-- Back-office roles; the permission matrix is data in shared.RolePermissions.
CREATE TABLE staff_roles (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role       text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, role)
);

-- Consecutive wrong passwords per key: "acct:<uuid>" for an account, or
-- "login:<sha256 of the normalised login>" for a login that matches no
-- account, so that unknown and known logins answer the same way.
CREATE TABLE password_failures (
    key          text PRIMARY KEY,
    failures     int NOT NULL,
    locked_until timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Fixed-window counters of sign-in attempts per client IP.
CREATE TABLE ip_throttle (
    ip           text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         int NOT NULL,
    PRIMARY KEY (ip, window_start)
);

-- Server-side sessions. The cookie holds a random token; only its SHA-256
-- is stored, so a copy of the table does not let anyone sign in.
CREATE TABLE sessions (
    id              bytea PRIMARY KEY,
    account_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    methods         text[] NOT NULL,
    ip              text NOT NULL DEFAULT '',
    user_agent      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    idle_expires_at timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoke_reason   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account_idx ON sessions (account_id) WHERE revoked_at IS NULL;

-- One-time code challenges. The code is stored as an HMAC bound to the
-- challenge id, so it is useless outside this challenge and this server.
-- A resend replaces the code but keeps the failure count.
CREATE TABLE challenges (
    id           text PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose      text NOT NULL CHECK (purpose IN ('confirm', 'recover')),
    channel      text NOT NULL CHECK (channel IN ('sms', 'email')),
    destination  text NOT NULL,
    code_hash    bytea NOT NULL,
    failures     int NOT NULL DEFAULT 0,
    expires_at   timestamptz NOT NULL,
    last_sent_at timestamptz NOT NULL DEFAULT now(),
    consumed_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX challenges_account_idx ON challenges (account_id, purpose, channel);

-- The journal: append-only and hash-chained per account (account_id NULL is
-- the chain of events that belong to no account). hash = SHA-256 over the
-- previous hash and the row's canonical content; see server/audit.
CREATE TABLE journal (
    id         bigserial PRIMARY KEY,
    account_id uuid REFERENCES accounts (id),
    at         timestamptz NOT NULL,
    kind       text NOT NULL,
    actor_id   uuid,
    ip         text NOT NULL DEFAULT '',
    user_agent text NOT NULL DEFAULT '',
    details    jsonb NOT NULL DEFAULT '{}',
    prev_hash  bytea NOT NULL,
    hash       bytea NOT NULL
);
CREATE INDEX journal_account_idx ON journal (account_id, id);

-- Rows are never changed or removed by the application; the trigger makes
-- an accidental UPDATE or DELETE fail loudly. A determined superuser can
-- still drop it — that is what the hash chain detects.
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journal is append-only';
END;
$$;
CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal
    FOR EACH ROW EXECUTE FUNCTION journal_append_only();

-- Every message the portal sends (e-mail, SMS), written in the same
-- transaction as the change that caused it; delivery is a job.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
    channel    text NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient  text NOT NULL,
    subject    text NOT NULL DEFAULT '',
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    last_error text NOT NULL DEFAULT ''
);
CREATE INDEX outbox_created_idx ON outbox (created_at DESC);

-- A small persisted job queue (claimed with FOR UPDATE SKIP LOCKED): a
-- restart loses nothing, and dedup_key makes a job idempotent to enqueue.
CREATE TABLE jobs (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL,
    payload      jsonb NOT NULL DEFAULT '{}',
    dedup_key    text UNIQUE,
    run_at       timestamptz NOT NULL DEFAULT now(),
    attempts     int NOT NULL DEFAULT 0,
    max_attempts int NOT NULL DEFAULT 10,
    locked_until timestamptz,
    last_error   text NOT NULL DEFAULT '',
    done_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_ready_idx ON jobs (run_at) WHERE done_at IS NULL;

-- Server-wide secrets generated on first start (e.g. the key that binds
-- one-time codes to their challenge).
CREATE TABLE server_keys (
    name       text PRIMARY KEY,
    key        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
