-- Contact change decoys: a change of phone or e-mail to one that belongs
-- to another account used to answer phone_taken / email_taken, which
-- told any signed-in person whether a contact had an account. It now
-- answers as if a code was sent: the challenge is a decoy of purpose
-- 'change' (no account) that accepts no code, and the contact's owner is
-- told instead.
ALTER TABLE challenges DROP CONSTRAINT challenges_decoy_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_decoy_check
    CHECK ((account_id IS NULL) = (decoy IS NOT NULL) AND (decoy IS NULL OR purpose IN ('recover', 'confirm', 'change')));
