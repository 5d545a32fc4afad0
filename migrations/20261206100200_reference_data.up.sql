-- The Bank of Russia's key rates and the production calendar change more
-- often than the portal is released: a deployment imports them
-- (`kabinet rates import`, `kabinet calendar import`) and they override
-- the tables built into the release. Empty tables mean the built-in data.

-- A key rate from a day; known_through is the last day the import that
-- wrote it knew the rates to (the latest of them ends the data: a day
-- after it is an error, never the last rate).
CREATE TABLE key_rates (
    from_date     date PRIMARY KEY,
    rate_bp       int NOT NULL CHECK (rate_bp > 0 AND rate_bp <= 10000),
    known_through date NOT NULL CHECK (known_through >= from_date),
    imported_at   timestamptz NOT NULL DEFAULT now()
);

-- A year of the production calendar is known when it has a row here; its
-- days that differ from the Monday–Friday rule are in calendar_days.
CREATE TABLE calendar_years (
    year        int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    source      text NOT NULL DEFAULT '',
    imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE calendar_days (
    day  date PRIMARY KEY,
    year int NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('off', 'workday', 'short')),
    CHECK (extract(year FROM day)::int = year)
);
