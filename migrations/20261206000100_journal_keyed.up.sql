-- The journal's chain becomes keyed: each new row's hash is an HMAC under a
-- key the database does not hold (JOURNAL_KEY or the key file), so someone
-- who can write the table can no longer recompute the chain after editing
-- it. Rows written before this migration keep their plain SHA-256 link
-- (keyed = false); a plain row after a keyed one in the same chain is a
-- break. journal_legacy records where the plain rows end, so that a chain
-- rewritten wholesale in the old form is a break too.
ALTER TABLE journal ADD COLUMN keyed boolean NOT NULL DEFAULT false;
CREATE TABLE journal_legacy (upto_id bigint NOT NULL);
INSERT INTO journal_legacy SELECT coalesce(max(id), 0) FROM journal;
ALTER TABLE journal ALTER COLUMN keyed SET DEFAULT true;

-- The result of the last verification of each chain (an account id, or
-- 'system'), kept so that a check can go on from where the last one ended
-- and so that a chain whose rows were all removed is still known to have
-- existed. mac binds the row to the key: a forged check is itself a break.
CREATE TABLE journal_checks (
    chain         text PRIMARY KEY,
    verified_id   bigint NOT NULL,      -- the last row found intact
    verified_hash bytea NOT NULL,       -- its hash, which it must keep
    entries       bigint NOT NULL,      -- rows of the chain up to verified_id
    checked_at    timestamptz NOT NULL,
    broken_id     bigint,               -- the first row that fails, if any
    broken_at     timestamptz,          -- that row's time (NULL if removed)
    broken_reason text,
    broken_since  timestamptz,          -- when the break was first found
    mac           bytea NOT NULL
);

-- TRUNCATE skips row triggers: refuse it with a statement trigger, as
-- UPDATE and DELETE are refused row by row.
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
    FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();
