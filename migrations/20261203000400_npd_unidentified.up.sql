-- A statement line whose УИН names no notice is money received all the
-- same: kept as an unidentified payment until a tax officer finds its
-- notice, and then recorded as that notice's payment.
CREATE TABLE npd_unidentified (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    paid_on     date NOT NULL,
    amount      bigint NOT NULL CHECK (amount > 0),
    uin         text NOT NULL,
    reference   text NOT NULL UNIQUE,
    imported_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    payment_id  uuid REFERENCES npd_payments (id) ON DELETE SET NULL, -- once assigned
    assigned_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    assigned_at timestamptz
);
CREATE INDEX npd_unidentified_open_idx ON npd_unidentified (created_at) WHERE payment_id IS NULL;
