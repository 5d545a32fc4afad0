-- Back to confirmation and recovery codes only; open contact changes are dropped.
DELETE FROM challenges WHERE purpose = 'change';
ALTER TABLE challenges DROP CONSTRAINT challenges_purpose_check;
ALTER TABLE challenges ADD CONSTRAINT challenges_purpose_check CHECK (purpose IN ('confirm', 'recover'));
