-- Back to recovery and registration decoys; open contact change decoys go.
DELETE FROM challenges WHERE decoy IS NOT NULL AND purpose = 'change';
ALTER TABLE challenges DROP CONSTRAINT challenges_decoy_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_decoy_check
    CHECK ((account_id IS NULL) = (decoy IS NOT NULL) AND (decoy IS NULL OR purpose IN ('recover', 'confirm')));
