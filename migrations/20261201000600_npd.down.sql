-- Removes the self-employed cabinet: payers and receipts are lost.
DROP TABLE npd_receipts, npd_payers;
