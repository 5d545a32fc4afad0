-- What a passkey sign-in writes back (the sign count, the flags the
-- authenticator reports each time, the time of use) moves out of passkeys
-- into a narrow row of its own (issue 12). PostgreSQL writes a whole new
-- row version to the WAL on every UPDATE, and a passkeys row carries the
-- credential's ~1 KB record: each sign-in logged ~1.2 KB. A passkey_state
-- row is under a hundred bytes, no index covers a column that changes, and
-- the fillfactor keeps room on each page, so the update stays a HOT update
-- on the same page: no index entry, and a WAL record of a few dozen bytes.
-- The passkey's id names it; deleting the passkey deletes its state, so a
-- sign-in with a passkey removed meanwhile updates no row and fails.
CREATE TABLE passkey_state (
    passkey_id      bytea PRIMARY KEY REFERENCES passkeys (id) ON DELETE CASCADE,
    sign_count      bigint NOT NULL DEFAULT 0,
    user_verified   boolean NOT NULL,
    backup_eligible boolean NOT NULL,   -- BE: may be synced to other devices
    backup_state    boolean NOT NULL,   -- BS: is synced now
    last_used_at    timestamptz
) WITH (fillfactor = 50);

INSERT INTO passkey_state (passkey_id, sign_count, user_verified, backup_eligible, backup_state, last_used_at)
SELECT id, sign_count, user_verified, backup_eligible, backup_state, last_used_at FROM passkeys;

ALTER TABLE passkeys DROP COLUMN sign_count, DROP COLUMN user_verified, DROP COLUMN backup_eligible,
    DROP COLUMN backup_state, DROP COLUMN last_used_at;
