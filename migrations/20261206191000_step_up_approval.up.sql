-- A step-up approved on the phone (issue 13): a ПЭП is confirmed by a fresh
-- step-up, and «approval on the phone» is one of its methods. The request
-- is a QR ticket of kind 'step_up' whose account is known (it starts as
-- scanned, like a sign-in's push). It is bound to the session that asked
-- (the id follows the session's token rotation), and to what it confirms:
-- the action, and for a signature the document's name (shown on the phone)
-- and SHA-256, so an approval serves that session, action and document
-- only, once.
ALTER TABLE qr_tickets
    DROP CONSTRAINT qr_tickets_kind_check,
    ADD CONSTRAINT qr_tickets_kind_check CHECK (kind IN ('qr', 'push', 'step_up')),
    ADD COLUMN session_id bytea REFERENCES sessions (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD COLUMN action text NOT NULL DEFAULT '',
    ADD COLUMN subject text NOT NULL DEFAULT '',
    ADD COLUMN subject_sha256 bytea,
    ADD CONSTRAINT qr_tickets_step_up CHECK ((kind = 'step_up') = (session_id IS NOT NULL AND action <> ''));
