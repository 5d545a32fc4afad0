-- Changing the phone or the e-mail (issue 3): a code confirms the new
-- contact before it replaces the old one, so challenges get a purpose of
-- their own for it.
ALTER TABLE challenges DROP CONSTRAINT challenges_purpose_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_purpose_check CHECK (purpose IN ('confirm', 'recover', 'change'));
