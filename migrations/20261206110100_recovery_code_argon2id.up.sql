-- Recovery codes were kept as HMAC-SHA256 under a server key: whoever got
-- the table and the key (both in the database) could test codes at
-- hash speed. New codes are argon2id with a salt of their own (ASVS
-- 6.5.2); code_hash then holds the PHC string as UTF-8 bytes. Codes made
-- before stay 'hmac' — their clear text is gone, so they cannot be
-- rehashed — and keep working until used or renewed.
ALTER TABLE recovery_codes ADD COLUMN scheme text NOT NULL DEFAULT 'hmac'
    CONSTRAINT recovery_codes_scheme_check CHECK (scheme IN ('hmac', 'argon2id'));
ALTER TABLE recovery_codes ALTER COLUMN scheme DROP DEFAULT;
