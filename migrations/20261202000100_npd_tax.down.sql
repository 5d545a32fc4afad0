-- Undo the self-employed tax tables and the inbox and documents register.
DROP TABLE issued_documents;
DROP TABLE notification_prefs;
DROP TABLE notifications;
DROP TABLE npd_limit_warnings;
DROP TABLE npd_arrears_days;
DROP TABLE npd_payments;
ALTER TABLE npd_receipts DROP COLUMN netted_in, DROP COLUMN notice_id;
DROP TABLE npd_notices;
