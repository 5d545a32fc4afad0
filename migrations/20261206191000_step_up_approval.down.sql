-- Removes step-up approvals on the phone: waiting ones are dropped.
DELETE FROM qr_tickets WHERE kind = 'step_up';
ALTER TABLE qr_tickets
    DROP CONSTRAINT qr_tickets_step_up,
    DROP COLUMN subject_sha256,
    DROP COLUMN subject,
    DROP COLUMN action,
    DROP COLUMN session_id,
    DROP CONSTRAINT qr_tickets_kind_check,
    ADD CONSTRAINT qr_tickets_kind_check CHECK (kind IN ('qr', 'push'));
