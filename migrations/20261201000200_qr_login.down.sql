-- Removes QR login and kiosks: registered kiosks, open tickets and the
-- "not me" links of sent notices are lost.
DROP TABLE not_me_tokens;
ALTER TABLE sessions DROP COLUMN kiosk_id;
DROP TABLE qr_tickets, kiosks;
