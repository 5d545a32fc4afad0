-- argon2id codes cannot be turned back into HMACs: going down drops them,
-- and their owners renew their codes.
DELETE FROM recovery_codes WHERE scheme = 'argon2id';
ALTER TABLE recovery_codes DROP COLUMN scheme;
