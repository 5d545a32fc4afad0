-- The journal chain's lock (audit.LockChain: the same key, the same
-- hashtextextended(key, 7)) as a procedure, so that a sign-in can send it
-- in the same message as the statement that reads the chain's head:
-- "BEGIN; CALL journal_lock_chain(…); EXECUTE …". A CALL answers with no
-- rows, not even a row description, which pgdriver needs (it reads one
-- result's rows per message; a SELECT before the EXECUTE would send a
-- second). In READ COMMITTED each statement of the message takes its own
-- snapshot, so the EXECUTE's begins after the lock was granted and sees
-- the rows its last holder committed. PL/pgSQL, not an SQL body: an SQL
-- procedure is planned again at every call (PostgreSQL 15), where
-- PL/pgSQL evaluates the lock as a simple expression whose plan each
-- connection keeps.
CREATE PROCEDURE journal_lock_chain(key text) LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(key, 7));
END
$$;
