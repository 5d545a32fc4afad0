-- QR login and kiosks (issue 3). A kiosk is a terminal in a service centre,
-- registered by an operator; its browser holds a device secret (only its
-- hash is here). A QR ticket is a sign-in waiting for the person's phone:
-- bound to the showing browser by a secret only that browser holds, shown
-- as a code that rotates every 30 s, alive at most 2 minutes, used once.
-- "Not me" tokens are the one-click "sign out everywhere" links of sign-in
-- notices.

CREATE TABLE kiosks (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    centre      text NOT NULL,                 -- the service centre (МФЦ)
    address     text NOT NULL,
    secret_hash bytea NOT NULL,
    created_by  uuid NOT NULL REFERENCES accounts (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    revoked_at  timestamptz
);

CREATE TABLE qr_tickets (
    id          text PRIMARY KEY,
    secret_hash bytea NOT NULL,                -- the showing browser's binding
    code_hash   bytea NOT NULL UNIQUE,         -- the code in the QR now
    code_until  timestamptz NOT NULL,          -- when the code rotates
    -- The code shown before the last rotation keeps working a few seconds
    -- (a person who scanned it just then is not turned away).
    prev_code_hash  bytea,
    prev_code_until timestamptz,
    number      int NOT NULL CHECK (number BETWEEN 10 AND 99), -- shown on the big screen
    choices     int[] NOT NULL,                -- offered on the phone, number among them
    kiosk_id    uuid REFERENCES kiosks (id),
    ip          text NOT NULL DEFAULT '',
    user_agent  text NOT NULL DEFAULT '',
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'scanned', 'approved', 'denied', 'consumed')),
    deny_reason text NOT NULL DEFAULT '',      -- 'wrong_number' or 'declined'
    account_id  uuid REFERENCES accounts (id) ON DELETE CASCADE, -- the phone that scanned first
    methods     text[] NOT NULL DEFAULT '{}',  -- how the phone confirmed
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE sessions ADD COLUMN kiosk_id uuid REFERENCES kiosks (id);

CREATE TABLE not_me_tokens (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
