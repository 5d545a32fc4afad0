-- Undo: a penalty past the key-rate data is no longer recorded as such.
ALTER TABLE npd_notices DROP COLUMN penalty_missing;
