// The SQL of the filings: drafts, submissions, their timeline and the
// registry officer's queue. Like store.go, every function takes bun.IDB.

package ip

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/derrors"
	"kabinet/shared"
)

type filingRow struct {
	bun.BaseModel `bun:"table:ip_filings"`

	ID          string          `bun:"id,pk,type:uuid,nullzero,default:gen_random_uuid()"`
	AccountID   string          `bun:"account_id,type:uuid"`
	Form        string          `bun:"form"`
	Status      string          `bun:"status,nullzero,default:'draft'"`
	Step        int             `bun:"step"`
	Answers     json.RawMessage `bun:"answers,type:jsonb"`
	Number      *string         `bun:"number"`
	INN         string          `bun:"inn"`
	SignMethod  string          `bun:"sign_method"`
	SignedHash  []byte          `bun:"signed_hash"`
	SignedDoc   *string         `bun:"signed_document,type:uuid"`
	SubmittedAt *time.Time      `bun:"submitted_at"`
	DueOn       *time.Time      `bun:"due_on,type:date"`
	DecidedAt   *time.Time      `bun:"decided_at"`
	DecidedBy   *string         `bun:"decided_by,type:uuid"`
	CreatedAt   time.Time       `bun:"created_at,nullzero,default:now()"`
	UpdatedAt   time.Time       `bun:"updated_at,nullzero,default:now()"`
}

func insertFiling(ctx context.Context, db bun.IDB, f *filingRow) (err error) {
	defer derrors.Wrap(&err, "ip.insertFiling(%s)", f.Form)
	_, err = db.NewInsert().Model(f).Returning("*").Exec(ctx)
	return err
}

// filingOf is the account's filing; not found when it is another's (or
// no filing), so that nothing tells one from the other.
func filingOf(ctx context.Context, db bun.IDB, accountID, id string, forUpdate bool) (_ *filingRow, err error) {
	defer derrors.Wrap(&err, "ip.filingOf(%s)", id)
	return loadFiling(ctx, db, id, accountID, forUpdate)
}

// filingByID is any filing (the registry officer's view).
func filingByID(ctx context.Context, db bun.IDB, id string, forUpdate bool) (_ *filingRow, err error) {
	defer derrors.Wrap(&err, "ip.filingByID(%s)", id)
	return loadFiling(ctx, db, id, "", forUpdate)
}

func loadFiling(ctx context.Context, db bun.IDB, id, accountID string, forUpdate bool) (*filingRow, error) {
	if !api.ValidUUID(id) {
		return nil, shared.E(shared.CodeNotFound)
	}
	f := new(filingRow)
	q := db.NewSelect().Model(f).Where("id = ?", id)
	if accountID != "" {
		q = q.Where("account_id = ?", accountID)
	}
	if forUpdate {
		q = q.For("UPDATE")
	}
	err := q.Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, shared.E(shared.CodeNotFound)
	}
	return f, err
}

func filingsOf(ctx context.Context, db bun.IDB, accountID string) (_ []filingRow, err error) {
	defer derrors.Wrap(&err, "ip.filingsOf(%s)", accountID)
	var out []filingRow
	err = db.NewSelect().Model(&out).Where("account_id = ?", accountID).Order("created_at DESC").Limit(100).Scan(ctx)
	return out, err
}

// filingsByINN are the submitted filings under an ИНН (drafts are their
// authors' alone), newest first.
func filingsByINN(ctx context.Context, db bun.IDB, inn string) (_ []filingRow, err error) {
	defer derrors.Wrap(&err, "ip.filingsByINN(%s)", inn)
	var out []filingRow
	err = db.NewSelect().Model(&out).Where("inn = ? AND status <> 'draft'", inn).Order("submitted_at DESC").Limit(100).Scan(ctx)
	return out, err
}

func saveDraft(ctx context.Context, db bun.IDB, f *filingRow) (err error) {
	defer derrors.Wrap(&err, "ip.saveDraft(%s)", f.ID)
	_, err = db.NewUpdate().Model(f).Column("step", "answers").Set("updated_at = now()").WherePK().Exec(ctx)
	return err
}

func saveSubmitted(ctx context.Context, db bun.IDB, f *filingRow) (err error) {
	defer derrors.Wrap(&err, "ip.saveSubmitted(%s)", f.ID)
	_, err = db.NewUpdate().Model(f).Column("status", "answers", "number", "inn", "sign_method", "signed_hash",
		"signed_document", "submitted_at", "due_on").Set("updated_at = now()").WherePK().Exec(ctx)
	return err
}

// moveFiling changes a filing's status from one of from to to, and
// reports whether it did: the UPDATE's row lock makes one of two
// concurrent deciders wait and then find the status changed.
func moveFiling(ctx context.Context, db bun.IDB, id string, from []string, to, deciderID string, due *time.Time) (_ bool, err error) {
	defer derrors.Wrap(&err, "ip.moveFiling(%s, %s)", id, to)
	q := db.NewUpdate().Model((*filingRow)(nil)).Set("status = ?", to).Set("updated_at = now()").
		Where("id = ?", id).Where("status IN (?)", bun.In(from))
	if deciderID != "" {
		q = q.Set("decided_at = now(), decided_by = ?", deciderID)
	}
	if due != nil {
		q = q.Set("due_on = ?", *due)
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

type eventRow struct {
	bun.BaseModel `bun:"table:ip_filing_events"`

	ID         int64     `bun:"id,pk,autoincrement"`
	FilingID   string    `bun:"filing_id,type:uuid"`
	At         time.Time `bun:"at,nullzero,default:now()"`
	Status     string    `bun:"status"`
	ByRegistry bool      `bun:"by_registry"`
	ActorID    *string   `bun:"actor_id,type:uuid"`
	Reason     string    `bun:"reason"`
	Body       string    `bun:"body"`
	Method     string    `bun:"method"`
	DocumentID *string   `bun:"document_id,type:uuid"`
}

// insertEvent adds a step to a filing's timeline and returns its id.
func insertEvent(ctx context.Context, db bun.IDB, e eventRow) (_ int64, err error) {
	defer derrors.Wrap(&err, "ip.insertEvent(%s, %s)", e.FilingID, e.Status)
	_, err = db.NewInsert().Model(&e).Returning("id").Exec(ctx)
	return e.ID, err
}

func eventsOf(ctx context.Context, db bun.IDB, filingIDs []string) (_ map[string][]eventRow, err error) {
	defer derrors.Wrap(&err, "ip.eventsOf(%d filings)", len(filingIDs))
	out := map[string][]eventRow{}
	if len(filingIDs) == 0 {
		return out, nil
	}
	var rows []eventRow
	if err := db.NewSelect().Model(&rows).Where("filing_id IN (?)", bun.In(filingIDs)).Order("id").Scan(ctx); err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.FilingID] = append(out[r.FilingID], r)
	}
	return out, nil
}

// openFilingsCount is how many of the account's filings wait for the
// registry, but except.
func openFilingsCount(ctx context.Context, db bun.IDB, accountID, except string) (n int64, err error) {
	defer derrors.Wrap(&err, "ip.openFilingsCount(%s)", accountID)
	return db.NewSelect().Model((*filingRow)(nil)).Where("account_id = ?", accountID).
		Where("status IN ('submitted', 'in_review', 'additions')").Where("id <> ?", except).Count(ctx)
}

type queueRow struct {
	ID          string    `bun:"id"`
	Number      string    `bun:"number"`
	Form        string    `bun:"form"`
	Status      string    `bun:"status"`
	INN         string    `bun:"inn"`
	LastName    string    `bun:"last_name"`
	FirstName   string    `bun:"first_name"`
	MiddleName  string    `bun:"middle_name"`
	SubmittedAt time.Time `bun:"submitted_at"`
	DueOn       time.Time `bun:"due_on,type:date"`
}

// queue is the filings waiting for the registry, by deadline: the
// overdue ones come first because their deadline is earliest.
func queue(ctx context.Context, db bun.IDB, form string) (_ []queueRow, err error) {
	defer derrors.Wrap(&err, "ip.queue(%q)", form)
	var out []queueRow
	q := `SELECT f.id, f.number, f.form, f.status, f.inn, a.last_name, a.first_name, a.middle_name, f.submitted_at, f.due_on
		FROM ip_filings f JOIN accounts a ON a.id = f.account_id
		WHERE f.status IN ('submitted', 'in_review') AND (? = '' OR f.form = ?)
		ORDER BY f.due_on, f.submitted_at LIMIT 500`
	err = db.NewRaw(q, form, form).Scan(ctx, &out)
	return out, err
}

// searchIP finds ИП in the registry by ИНН, ОГРНИП or a part of the name.
func searchIP(ctx context.Context, db bun.IDB, q string) (_ []shared.RegistryEntry, err error) {
	defer derrors.Wrap(&err, "ip.searchIP") // not the words: a name or an ИНН
	var rows []struct {
		INN          string     `bun:"inn"`
		OGRN         string     `bun:"ogrn"`
		Name         string     `bun:"name"`
		Status       string     `bun:"status"`
		RegisteredOn time.Time  `bun:"registered_on,type:date"`
		ClosedOn     *time.Time `bun:"closed_on,type:date"`
	}
	err = db.NewRaw(`SELECT inn, ogrn, name, status, registered_on, closed_on FROM registry_entries
		WHERE kind = 'ip' AND (inn = ? OR ogrn = ? OR name ILIKE '%' || ? || '%' ESCAPE '\')
		ORDER BY name, inn LIMIT 50`, q, q, escapeLike(q)).Scan(ctx, &rows)
	out := make([]shared.RegistryEntry, 0, len(rows))
	for _, r := range rows {
		e := shared.RegistryEntry{INN: r.INN, Kind: shared.RegistryIP, OGRN: r.OGRN, Name: r.Name, Status: r.Status,
			RegisteredOn: r.RegisteredOn.Format(time.DateOnly)}
		if r.ClosedOn != nil {
			e.ClosedOn = r.ClosedOn.Format(time.DateOnly)
		}
		out = append(out, e)
	}
	return out, err
}

func escapeLike(s string) string {
	r := []rune{}
	for _, c := range s {
		if c == '%' || c == '_' || c == '\\' {
			r = append(r, '\\')
		}
		r = append(r, c)
	}
	return string(r)
}
