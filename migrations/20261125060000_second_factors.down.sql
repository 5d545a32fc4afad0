-- Removes second factors: every enrolled authenticator and recovery code is lost.
ALTER TABLE sessions DROP COLUMN step_up_at;
DROP TABLE login_tickets, recovery_codes, totp_factors;
