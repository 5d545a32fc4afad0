-- The way back for a person who lost every second factor (ASVS 6.4.4):
-- after the right password the person files a request; the back office
-- settles it after checking the passport in person, as the identity was
-- confirmed. One pending request per account, so that a thief with the
-- password cannot flood the queue, and the owner hears of each one.
CREATE TABLE factor_resets (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    ip          text NOT NULL DEFAULT '',
    user_agent  text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    decided_at  timestamptz,
    decided_by  uuid REFERENCES accounts (id),
    document    text,  -- the passport checked, on approval
    reason      text,  -- why refused, told to the person
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX factor_resets_pending_idx ON factor_resets (account_id) WHERE status = 'pending';
