-- Removes SMS codes as a second factor.
DROP TABLE factor_codes, sms_factors;
