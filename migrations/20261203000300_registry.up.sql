-- The registers of legal entities and individual entrepreneurs (ЕГРЮЛ,
-- ЕГРИП) as the portal keeps them: a receipt to an organisation or ИП is
-- checked against them; the ИП and organisation cabinets will write them.
CREATE TABLE registry_entries (
    inn           text PRIMARY KEY CHECK (inn ~ '^(\d{10}|\d{12})$'),
    kind          text NOT NULL CHECK (kind IN ('org', 'ip')),
    ogrn          text NOT NULL UNIQUE CHECK (ogrn ~ '^(\d{13}|\d{15})$'),
    kpp           text,
    name          text NOT NULL CHECK (name <> ''),
    status        text NOT NULL CHECK (status IN ('active', 'excluding', 'closed')),
    registered_on date NOT NULL,
    closed_on     date,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);
