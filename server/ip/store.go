package ip

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/derrors"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// The SQL of the cabinet: every function takes bun.IDB, so that it runs
// alone or inside a caller's transaction.

type okvedRow struct {
	bun.BaseModel `bun:"table:okved_codes"`

	Code    string    `bun:"code,pk"`
	Name    string    `bun:"name"`
	Section string    `bun:"section"`
	Edition time.Time `bun:"edition,type:date"`
}

func countOKVED(ctx context.Context, db bun.IDB) (n int64, err error) {
	defer derrors.Wrap(&err, "ip.countOKVED")
	return db.NewSelect().Model((*okvedRow)(nil)).Count(ctx)
}

func insertOKVED(ctx context.Context, db bun.IDB, rows []okvedRow) (err error) {
	defer derrors.Wrap(&err, "ip.insertOKVED(%d rows)", len(rows))
	type row struct {
		Code    string `json:"code"`
		Name    string `json:"name"`
		Section string `json:"section"`
		Edition string `json:"edition"`
		Lower   string `json:"lower"`
	}
	for start := 0; start < len(rows); start += 500 {
		chunk := make([]row, 0, 500)
		for _, r := range rows[start:min(start+500, len(rows))] {
			chunk = append(chunk, row{r.Code, r.Name, r.Section, r.Edition.Format(time.DateOnly), strings.ToLower(r.Name)})
		}
		b, err := json.Marshal(chunk)
		if err != nil {
			return err
		}
		_, err = db.NewRaw(`INSERT INTO okved_codes (code, name, section, edition, words)
			SELECT code, name, section, edition, to_tsvector('russian', lower)
			FROM jsonb_to_recordset(?::jsonb) AS x(code text, name text, section text, edition date, lower text)`, string(b)).Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}

func replaceOKVED(ctx context.Context, db bun.IDB, rows []okvedRow) (err error) {
	defer derrors.Wrap(&err, "ip.replaceOKVED(%d rows)", len(rows))
	if _, err := db.ExecContext(ctx, "DELETE FROM okved_codes"); err != nil {
		return err
	}
	return insertOKVED(ctx, db, rows)
}

// okvedEdition is the newest edition date of the classifier's rows.
func okvedEdition(ctx context.Context, db bun.IDB) (_ string, err error) {
	defer derrors.Wrap(&err, "ip.okvedEdition")
	var ed *time.Time
	if err := db.NewRaw("SELECT max(edition) FROM okved_codes").Scan(ctx, &ed); err != nil {
		return "", err
	}
	if ed == nil {
		return "", nil
	}
	return ed.Format(time.DateOnly), nil
}

// okvedByPrefix finds the codes that begin with prefix, or for a
// section's letter the section and its codes, in the classifier's order.
func okvedByPrefix(ctx context.Context, db bun.IDB, prefix string, limit int) (_ []sharedip.OKVED, err error) {
	defer derrors.Wrap(&err, "ip.okvedByPrefix(%q)", prefix)
	section := ""
	if len(prefix) == 1 && prefix >= "A" && prefix <= "Z" {
		section, prefix = prefix, "-" // no code begins with "-"
	}
	var out []sharedip.OKVED
	err = db.NewRaw(`SELECT code, name FROM okved_codes WHERE code LIKE ? || '%' OR code = ? OR section = ?
		ORDER BY length(code) = 1 DESC, CASE WHEN length(code) > 1 THEN string_to_array(code, '.')::int[] END
		LIMIT ?`, prefix, section, section, limit).Scan(ctx, &out)
	return out, err
}

func okvedByWords(ctx context.Context, db bun.IDB, tsquery string, limit int) (_ []sharedip.OKVED, err error) {
	defer derrors.Wrap(&err, "ip.okvedByWords(%q)", tsquery)
	var out []sharedip.OKVED
	err = db.NewRaw(`SELECT code, name FROM okved_codes WHERE words @@ to_tsquery('russian', ?)
		ORDER BY length(code) = 1, ts_rank(words, to_tsquery('russian', ?)) DESC, code LIMIT ?`, tsquery, tsquery, limit).Scan(ctx, &out)
	return out, err
}

func okvedNamesOf(ctx context.Context, db bun.IDB, codes []string) (_ map[string]string, err error) {
	defer derrors.Wrap(&err, "ip.okvedNamesOf(%d codes)", len(codes))
	out := map[string]string{}
	if len(codes) == 0 {
		return out, nil
	}
	var rows []sharedip.OKVED
	if err := db.NewRaw("SELECT code, name FROM okved_codes WHERE code IN (?)", bun.In(codes)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.Code] = r.Name
	}
	return out, nil
}

// recordRow is an ИП's lookup row with its ЕГРИП details (null for an
// entry imported with the lookup data only).
type recordRow struct {
	INN          string     `bun:"inn"`
	OGRN         string     `bun:"ogrn"`
	Name         string     `bun:"name"`
	Status       string     `bun:"status"`
	RegisteredOn time.Time  `bun:"registered_on,type:date"`
	ClosedOn     *time.Time `bun:"closed_on,type:date"`
	Detailed     bool       `bun:"detailed"`
	AccountID    *string    `bun:"account_id"`
	LastName     string     `bun:"last_name"`
	FirstName    string     `bun:"first_name"`
	MiddleName   string     `bun:"middle_name"`
	BirthDate    *time.Time `bun:"birth_date,type:date"`
	MainOKVED    string     `bun:"main_okved"`
	OtherOKVED   []string   `bun:"other_okved,array"`
	Regime       string     `bun:"regime"`
	Region       string     `bun:"region"`
	Address      string     `bun:"address"`
	ClosedReason string     `bun:"closed_reason"`
	RiskSince    *time.Time `bun:"exclusion_risk_since,type:date"`
	RiskDebt     *int64     `bun:"exclusion_risk_debt"`
	RiskLast     *time.Time `bun:"exclusion_risk_last_report,type:date"`
	// Identity is the identity document (jsonb), nil when none is kept.
	Identity *sharedip.IdentityDoc `bun:"identity_doc,type:jsonb"`
}

const recordSelect = `SELECT e.inn, e.ogrn, e.name, e.status, e.registered_on, e.closed_on, r.inn IS NOT NULL AS detailed,
	r.account_id, coalesce(r.last_name, '') AS last_name, coalesce(r.first_name, '') AS first_name,
	coalesce(r.middle_name, '') AS middle_name, r.birth_date, coalesce(r.main_okved, '') AS main_okved,
	coalesce(r.other_okved, '{}') AS other_okved, coalesce(r.regime, '') AS regime, coalesce(r.region, '') AS region,
	coalesce(r.address, '') AS address, coalesce(r.closed_reason, '') AS closed_reason, r.exclusion_risk_since,
	r.exclusion_risk_debt, r.exclusion_risk_last_report, r.identity_doc
	FROM registry_entries e LEFT JOIN ip_records r ON r.inn = e.inn WHERE e.kind = 'ip' `

// recordOf finds the ИП of the account acc: the one registered from it,
// else the one with its ИНН that no other account registered and whose
// holder is acc's person — the same full name and, where ЕГРИП keeps it,
// birth date. The ИНН in a profile is the person's word (it may be added
// and changed after the identity is confirmed): alone it must open no
// one else's record, nor let filings be made for it. Not found:
// CodeNotIP.
func recordOf(ctx context.Context, db bun.IDB, acc shared.Account, forUpdate bool) (_ recordRow, err error) {
	defer derrors.Wrap(&err, "ip.recordOf(%s)", acc.ID)
	lock := ""
	if forUpdate {
		lock = " FOR UPDATE OF e"
	}
	birth := bun.NullTime{}
	if d, err := time.Parse(time.DateOnly, acc.BirthDate); err == nil {
		birth.Time = d
	}
	full := strings.Join(strings.Fields(acc.LastName+" "+acc.FirstName+" "+acc.MiddleName), " ")
	var r recordRow
	err = db.NewRaw(recordSelect+`AND (r.account_id = ? OR e.inn = ? AND r.account_id IS NULL AND CASE WHEN r.inn IS NULL
			THEN `+sameName("e.name")+` = `+sameName("?")+`
			ELSE `+sameName("concat_ws(' ', r.last_name, nullif(r.first_name, ''), nullif(r.middle_name, ''))")+` = `+sameName("?")+`
				AND (r.birth_date IS NULL OR r.birth_date = ?::date) END)
		ORDER BY (r.account_id = ?) IS TRUE DESC LIMIT 1`+lock, acc.ID, acc.INN, "ИП "+full, full, birth, acc.ID).Scan(ctx, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, shared.E(sharedip.CodeNotIP)
	}
	return r, err
}

// sameName is the SQL of a full name as two spellings of one compare:
// without case, ё as е.
func sameName(expr string) string { return "translate(lower(" + expr + "), 'ё', 'е')" }

// recordByINN is the ИП with the ИНН; CodeNotIP when none. forUpdate
// first locks its ЕГРИП entry, in a statement of its own: a change
// registered from what it reads must not overwrite another's registered
// meanwhile, and a statement that waited for the lock would still read
// the record as it was when the statement began.
func recordByINN(ctx context.Context, db bun.IDB, inn string, forUpdate bool) (_ recordRow, err error) {
	defer derrors.Wrap(&err, "ip.recordByINN(%s)", inn)
	if forUpdate {
		if _, err := db.NewRaw("SELECT 1 FROM registry_entries WHERE inn = ? FOR UPDATE", inn).Exec(ctx); err != nil {
			return recordRow{}, err
		}
	}
	var r recordRow
	err = db.NewRaw(recordSelect+"AND e.inn = ?", inn).Scan(ctx, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, shared.E(sharedip.CodeNotIP)
	}
	return r, err
}

// upsertRecord writes an ИП's ЕГРИП details.
func upsertRecord(ctx context.Context, db bun.IDB, r recordRow) (err error) {
	defer derrors.Wrap(&err, "ip.upsertRecord(%s)", r.INN)
	var closed, identity *string
	if r.ClosedReason != "" {
		closed = &r.ClosedReason
	}
	if r.Identity != nil {
		b, err := json.Marshal(r.Identity)
		if err != nil {
			return err
		}
		identity = new(string(b))
	}
	_, err = db.NewRaw(`INSERT INTO ip_records (inn, account_id, last_name, first_name, middle_name, birth_date,
			main_okved, other_okved, regime, region, address, closed_reason, identity_doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
		ON CONFLICT (inn) DO UPDATE SET account_id = EXCLUDED.account_id, last_name = EXCLUDED.last_name,
			first_name = EXCLUDED.first_name, middle_name = EXCLUDED.middle_name, birth_date = EXCLUDED.birth_date,
			main_okved = EXCLUDED.main_okved, other_okved = EXCLUDED.other_okved, regime = EXCLUDED.regime,
			region = EXCLUDED.region, address = EXCLUDED.address, closed_reason = EXCLUDED.closed_reason,
			identity_doc = EXCLUDED.identity_doc, updated_at = now()`,
		r.INN, r.AccountID, r.LastName, r.FirstName, r.MiddleName, r.BirthDate, r.MainOKVED, pgdialect.Array(r.OtherOKVED),
		r.Regime, r.Region, r.Address, closed, identity).Exec(ctx)
	return err
}

type historyRow struct {
	GRN    string    `bun:"grn"`
	Kind   string    `bun:"kind"`
	MadeOn time.Time `bun:"made_on,type:date"`
	Number *string   `bun:"number"`
}

func historyOf(ctx context.Context, db bun.IDB, inn string) (_ []historyRow, err error) {
	defer derrors.Wrap(&err, "ip.historyOf(%s)", inn)
	var out []historyRow
	err = db.NewRaw(`SELECT h.grn, h.kind, h.made_on, f.number FROM ip_record_entries h
		LEFT JOIN ip_filings f ON f.id = h.filing_id WHERE h.inn = ? ORDER BY h.made_on DESC, h.grn DESC`, inn).Scan(ctx, &out)
	return out, err
}

func insertHistory(ctx context.Context, db bun.IDB, grn, inn, kind string, madeOn time.Time, filingID *string) (err error) {
	defer derrors.Wrap(&err, "ip.insertHistory(%s, %s)", inn, grn)
	_, err = db.NewRaw("INSERT INTO ip_record_entries (grn, inn, kind, made_on, filing_id) VALUES (?, ?, ?, ?, ?)",
		grn, inn, kind, madeOn, filingID).Exec(ctx)
	return err
}

// numberTaken reports whether a 15-digit number is an ОГРНИП or ГРНИП
// already (one an import brought, say).
func numberTaken(ctx context.Context, db bun.IDB, n string) (_ bool, err error) {
	defer derrors.Wrap(&err, "ip.numberTaken(%s)", n)
	var taken bool
	err = db.NewRaw(`SELECT EXISTS (SELECT 1 FROM registry_entries WHERE ogrn = ?)
		OR EXISTS (SELECT 1 FROM ip_record_entries WHERE grn = ?)`, n, n).Scan(ctx, &taken)
	return taken, err
}

func nextSerial(ctx context.Context, db bun.IDB, sequence string) (_ int64, err error) {
	defer derrors.Wrap(&err, "ip.nextSerial(%s)", sequence)
	var n int64
	err = db.NewRaw("SELECT nextval(?)", sequence).Scan(ctx, &n)
	return n, err
}

// riskRow is an active ИП of the record, with the tax authority's facts
// the risk of exclusion is computed from: the day its last report was
// received (nil: none since registration), and its latest ЕНС debt.
type riskRow struct {
	INN          string     `bun:"inn"`
	AccountID    *string    `bun:"account_id"`
	RegisteredOn time.Time  `bun:"registered_on,type:date"`
	LastReport   *time.Time `bun:"last_report,type:date"`
	ENSDebt      int64      `bun:"ens_debt"`
	RiskSince    *time.Time `bun:"exclusion_risk_since,type:date"`
	RiskDebt     *int64     `bun:"exclusion_risk_debt"`
	RiskLast     *time.Time `bun:"exclusion_risk_last_report,type:date"`
}

func riskCandidates(ctx context.Context, db bun.IDB) (rows []riskRow, err error) {
	defer derrors.Wrap(&err, "ip.riskCandidates")
	err = db.NewRaw(`SELECT r.inn, r.account_id, e.registered_on, r.exclusion_risk_since, r.exclusion_risk_debt,
		r.exclusion_risk_last_report,
		(SELECT max(received_on) FROM ip_tax_reports t WHERE t.inn = r.inn AND t.received_on >= e.registered_on) AS last_report,
		coalesce((SELECT debt FROM ip_ens_balances b WHERE b.inn = r.inn ORDER BY as_of DESC LIMIT 1), 0) AS ens_debt
		FROM ip_records r JOIN registry_entries e ON e.inn = r.inn
		WHERE e.status = 'active' ORDER BY r.inn`).Scan(ctx, &rows)
	return rows, err
}

// setRisk marks an ИП at risk since a day with what was found (the debt,
// the last report), or clears the mark (on nil).
func setRisk(ctx context.Context, db bun.IDB, inn string, on *time.Time, debt shared.Kopecks, last *time.Time) (err error) {
	defer derrors.Wrap(&err, "ip.setRisk(%s)", inn)
	var d *int64
	if on != nil {
		d = new(int64(debt))
	} else {
		last = nil
	}
	_, err = db.ExecContext(ctx, `UPDATE ip_records SET exclusion_risk_since = ?, exclusion_risk_debt = ?,
		exclusion_risk_last_report = ? WHERE inn = ?`, on, d, last, inn)
	return err
}
