-- Registration asks consent to the processing of personal data (152-ФЗ,
-- art. 9): the account keeps which version of the policy it agreed to and
-- when, so that a changed policy shows who agreed to which text. Accounts
-- made before (and the demo ones) have none: NULL, not a made-up consent.
ALTER TABLE accounts
    ADD COLUMN consent_version text,
    ADD COLUMN consent_at timestamptz,
    ADD CONSTRAINT accounts_consent_whole CHECK ((consent_version IS NULL) = (consent_at IS NULL));
