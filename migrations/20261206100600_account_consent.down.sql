-- Undoes 20261209120000_account_consent: the consent columns go.
ALTER TABLE accounts
    DROP CONSTRAINT accounts_consent_whole,
    DROP COLUMN consent_at,
    DROP COLUMN consent_version;
