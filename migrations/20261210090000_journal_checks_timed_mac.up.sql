-- When a chain was last verified, bound to the journal's key in a MAC of
-- its own (audit.timedMAC, over the record's MAC and checked_at), beside
-- the record's MAC, which binds every other field and which servers of
-- the earlier version check and write as before: during a rolling
-- upgrade neither version takes the other's records for forged. A record
-- whose timed MAC is missing or does not verify (written by the earlier
-- version, or its time moved without the key) still anchors its chain,
-- but counts as not verified lately (audit.State).
ALTER TABLE journal_checks ADD COLUMN timed_mac bytea;
