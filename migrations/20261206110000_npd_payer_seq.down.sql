-- Undoes 20261206110000_npd_payer_seq: receipts lock the payer instead.
ALTER TABLE npd_payers DROP COLUMN seq;
