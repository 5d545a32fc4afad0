-- The state goes back into the passkeys rows it was taken from.
ALTER TABLE passkeys ADD COLUMN sign_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN user_verified boolean NOT NULL DEFAULT false,
    ADD COLUMN backup_eligible boolean NOT NULL DEFAULT false,
    ADD COLUMN backup_state boolean NOT NULL DEFAULT false,
    ADD COLUMN last_used_at timestamptz;

UPDATE passkeys AS p SET sign_count = s.sign_count, user_verified = s.user_verified,
    backup_eligible = s.backup_eligible, backup_state = s.backup_state, last_used_at = s.last_used_at
FROM passkey_state AS s WHERE s.passkey_id = p.id;

ALTER TABLE passkeys ALTER COLUMN user_verified DROP DEFAULT, ALTER COLUMN backup_eligible DROP DEFAULT,
    ALTER COLUMN backup_state DROP DEFAULT;

DROP TABLE passkey_state;
