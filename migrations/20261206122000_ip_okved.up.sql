-- The ОКВЭД2 classifier (ОК 029-2014), which the ИП's filings and record
-- name codes from. It ships as data: the portal loads the subset in
-- server/ip/okved2.csv when the table is empty, and a deployment loads
-- the full classifier with `kabinet okved import FILE`, which replaces
-- the table whole. edition is the date of the classifier's edition the
-- row comes from; words is for the search by words as a person types,
-- made by the server from the name in lower case: in a cluster with the
-- C locale lower() leaves Cyrillic letters as they are, and the Russian
-- stemmer takes lower-case words only.
CREATE TABLE okved_codes (
    code    text PRIMARY KEY CHECK (code ~ '^([A-U]|\d{2}(\.\d{1,2}(\.\d{1,2})?)?)$'),
    name    text NOT NULL CHECK (name <> ''),
    section text NOT NULL CHECK (section ~ '^[A-U]$'),
    edition date NOT NULL,
    words   tsvector NOT NULL
);
CREATE INDEX okved_codes_words ON okved_codes USING gin (words);
-- code LIKE '62.0%' as the person types a code.
CREATE INDEX okved_codes_prefix ON okved_codes (code text_pattern_ops);
