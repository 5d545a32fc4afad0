-- Sensitive changes ask the person to authenticate again (ASVS 7.5.1):
-- with a second factor when the account has one (step_up_at), with the
-- password when it has none. A password is not a second factor, so its
-- moment is kept apart: it must never count where a factor is required.
ALTER TABLE sessions ADD COLUMN reauth_at timestamptz;
