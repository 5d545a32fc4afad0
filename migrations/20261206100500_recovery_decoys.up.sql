-- Recovery decoys (issue 9): a recovery for an unknown login used to answer
-- with an id that did not exist, so GET /verify/{id} and the resend told
-- it apart (404) from a real one. Such a login now gets a real challenge
-- row with no account, keyed by a server-keyed hash of the login, that
-- answers like any other and never accepts a code.
ALTER TABLE challenges ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE challenges ADD COLUMN decoy text;
ALTER TABLE challenges ADD CONSTRAINT challenges_decoy_check
    CHECK ((account_id IS NULL) = (decoy IS NOT NULL) AND (decoy IS NULL OR purpose = 'recover'));
CREATE INDEX challenges_decoy_idx ON challenges (decoy, channel) WHERE decoy IS NOT NULL;
