-- Drops the foundation schema (development only: it deletes every account).
DROP TABLE IF EXISTS server_keys, jobs, outbox;
DROP TRIGGER IF EXISTS journal_no_update ON journal;
DROP TABLE IF EXISTS journal;
DROP FUNCTION IF EXISTS journal_append_only();
DROP TABLE IF EXISTS challenges, sessions, ip_throttle, password_failures, staff_roles, accounts;
