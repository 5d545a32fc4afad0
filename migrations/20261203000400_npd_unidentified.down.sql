-- Undo: unmatched statement lines are reported only.
DROP TABLE npd_unidentified;
