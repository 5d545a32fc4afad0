-- Undoes 20261207100200_factor_resets.
DROP TABLE factor_resets;
