-- Acknowledgements of recorded journal breaks. A break, once found, stays
-- in journal_checks as evidence; an operator who has looked at it records
-- here that it is known, so that /api/v1/health answers ok again until a
-- break not acknowledged is found. One row per break (chain, first failing
-- row, reason): a break found elsewhere in the same chain is a new one.
-- mac binds the row to the journal key: an acknowledgement written by
-- someone without it (to hide a break from health) does not count.
CREATE TABLE journal_acks (
    chain           text NOT NULL,
    broken_id       bigint NOT NULL,
    broken_reason   text NOT NULL,
    acknowledged_at timestamptz NOT NULL,
    acknowledged_by text NOT NULL,   -- the operator's name, as given
    note            text NOT NULL,
    mac             bytea NOT NULL,
    PRIMARY KEY (chain, broken_id, broken_reason)
);

-- Health reads the recorded breaks at every call: an index of the few
-- broken chains, not a scan of one row per account.
CREATE INDEX journal_checks_broken_idx ON journal_checks (chain) WHERE broken_id IS NOT NULL;
