-- A session gets a new token at every change of privilege (ASVS 7.2.4):
-- its id, the token's hash, is replaced in place so that the old token
-- stops working in the same statement. Push subscriptions follow the id.
ALTER TABLE push_subscriptions
    DROP CONSTRAINT push_subscriptions_session_id_fkey,
    ADD CONSTRAINT push_subscriptions_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES sessions (id) ON DELETE CASCADE ON UPDATE CASCADE;
