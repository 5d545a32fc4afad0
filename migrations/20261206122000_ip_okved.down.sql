-- Undo: the ИП cabinet has no classifier.
DROP TABLE okved_codes;
