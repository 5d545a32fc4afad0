-- Undo: the built-in key rates and calendar only.
DROP TABLE calendar_days;
DROP TABLE calendar_years;
DROP TABLE key_rates;
