-- Every sign-in reads the account's sessions of the last 180 days, ended
-- ones included, for the devices and networks it has signed in from (the
-- new-device notice). The only index on sessions.account_id is partial
-- (live sessions), so that read scanned the whole table each time.
CREATE INDEX sessions_account_created_idx ON sessions (account_id, created_at);
