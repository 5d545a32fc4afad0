-- Removes approval on the phone: push subscriptions are lost.
DROP TABLE push_subscriptions;
ALTER TABLE qr_tickets DROP COLUMN login_ticket, DROP COLUMN kind;
