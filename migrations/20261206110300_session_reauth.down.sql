-- Undoes 20261207100100_session_reauth.
ALTER TABLE sessions DROP COLUMN reauth_at;
