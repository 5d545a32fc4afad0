-- Back to challenges that always belong to an account; open decoys go.
DELETE FROM challenges WHERE decoy IS NOT NULL;
ALTER TABLE challenges DROP CONSTRAINT challenges_decoy_check;
ALTER TABLE challenges DROP COLUMN decoy;
ALTER TABLE challenges ALTER COLUMN account_id SET NOT NULL;
