-- Registration decoys: a registration whose phone or e-mail already
-- belongs to an account used to answer 409 phone_taken / email_taken,
-- which told anyone whether a contact had an account. Such a registration
-- now creates no account; its two challenges are decoys (no account) of
-- purpose 'confirm': the taken contact's owner is told instead of sent a
-- code, and a free contact gets a code that verifies and leads nowhere.
ALTER TABLE challenges DROP CONSTRAINT challenges_decoy_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_decoy_check
    CHECK ((account_id IS NULL) = (decoy IS NOT NULL) AND (decoy IS NULL OR purpose IN ('recover', 'confirm')));
