-- Undoes 20261207100000_session_rotation: the foreign key no longer follows a new id.
ALTER TABLE push_subscriptions
    DROP CONSTRAINT push_subscriptions_session_id_fkey,
    ADD CONSTRAINT push_subscriptions_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES sessions (id) ON DELETE CASCADE;
