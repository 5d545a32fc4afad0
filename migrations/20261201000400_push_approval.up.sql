-- Approval of a sign-in on the person's phone (issue 3). The request is a
-- QR ticket whose account is known from the password step and whose code
-- reaches the phone by Web Push or in the app instead of by camera: the
-- same number matching, states and wake-ups. Push subscriptions belong to
-- the signed-in session that made them (ending the session ends them).

ALTER TABLE qr_tickets
    ADD COLUMN kind text NOT NULL DEFAULT 'qr' CHECK (kind IN ('qr', 'push')),
    ADD COLUMN login_ticket text;

CREATE TABLE push_subscriptions (
    endpoint   text PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    session_id bytea NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    p256dh     text NOT NULL,
    auth       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_ok_at timestamptz
);
CREATE INDEX push_subscriptions_account_idx ON push_subscriptions (account_id);
