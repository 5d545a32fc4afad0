-- Undo: the limit is checked by summing the year's receipts again.
DROP TABLE npd_year_income;
