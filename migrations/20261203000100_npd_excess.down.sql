-- Undo: payments beyond a notice are no longer tracked as set off.
ALTER TABLE npd_notices DROP COLUMN excess_netted;
