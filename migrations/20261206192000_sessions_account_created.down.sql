-- Undoes 20261206192000_sessions_account_created.
DROP INDEX sessions_account_created_idx;
