// Package audit owns the journal: an append-only, keyed hash chain of every
// security-relevant event (sign-ins, failures, lockouts, profile and
// password changes, staff actions). Each account has its own chain; every
// row's hash is an HMAC under the journal key over the previous row's hash
// and the row itself, so changing, inserting or deleting a past row breaks
// the chain after it, and without the key (which the database never holds)
// nobody can recompute it. Verify says where a chain breaks; see verify.go.
package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/shared"
)

// Entry is an event to append. AccountID "" puts it on the system chain
// (events that belong to no account, e.g. a failure for an unknown login).
type Entry struct {
	AccountID string
	Kind      string
	ActorID   string // who did it when not the owner (a staff member)
	IP        string
	UserAgent string
	Details   map[string]string
}

type row struct {
	bun.BaseModel `bun:"table:journal"`

	ID        int64             `bun:"id,pk,autoincrement"`
	AccountID *string           `bun:"account_id,type:uuid"`
	At        time.Time         `bun:"at"`
	Kind      string            `bun:"kind"`
	ActorID   *string           `bun:"actor_id,type:uuid"`
	IP        string            `bun:"ip"`
	UserAgent string            `bun:"user_agent"`
	Details   map[string]string `bun:"details,type:jsonb"`
	PrevHash  []byte            `bun:"prev_hash"`
	Hash      []byte            `bun:"hash"`
	Keyed     bool              `bun:"keyed"` // false: written before the key, plain SHA-256
}

// genesis is the prev_hash of the first row of every chain.
var genesis = make([]byte, sha256.Size)

// KeySize is the journal key's length in bytes.
const KeySize = 32

// Journal appends to and verifies the chains under one key.
type Journal struct {
	key []byte
}

// New returns the journal keyed by key (KeySize bytes; see LoadKey).
func New(key []byte) (*Journal, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("audit: the journal key must be %d bytes, got %d", KeySize, len(key))
	}
	return &Journal{key: bytes.Clone(key)}, nil
}

// Append adds e to its chain inside db's transaction (a savepoint when db is
// already a transaction), so the event commits with the change it records.
func (j *Journal) Append(ctx context.Context, db bun.IDB, e Entry) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		chain := e.AccountID
		if chain == "" {
			chain = "system"
		}
		// Serialise appends per chain: two concurrent appends must not both
		// link to the same previous row.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 7))", "journal:"+chain); err != nil {
			return fmt.Errorf("audit.Append: lock: %w", err)
		}
		prev := genesis
		q := tx.NewSelect().Model((*row)(nil)).Column("hash").OrderExpr("id DESC").Limit(1)
		if e.AccountID == "" {
			q = q.Where("account_id IS NULL")
		} else {
			q = q.Where("account_id = ?", e.AccountID)
		}
		var last []byte
		switch err := q.Scan(ctx, &last); {
		case err == nil:
			prev = last
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("audit.Append: last hash: %w", err)
		}
		r := &row{
			AccountID: nullable(e.AccountID),
			At:        time.Now().UTC().Truncate(time.Microsecond), // PostgreSQL keeps µs
			Kind:      e.Kind,
			ActorID:   nullable(e.ActorID),
			IP:        e.IP,
			UserAgent: e.UserAgent,
			Details:   e.Details,
			PrevHash:  prev,
			Keyed:     true,
		}
		if r.Details == nil {
			r.Details = map[string]string{}
		}
		r.Hash = j.digest(r)
		if _, err := tx.NewInsert().Model(r).Exec(ctx); err != nil {
			return fmt.Errorf("audit.Append(%s): %w", e.Kind, err)
		}
		return nil
	})
}

// digest is the row's link: HMAC-SHA-256 under the key over the previous
// hash and the row's canonical JSON (encoding/json sorts map keys, so the
// form is stable); plain SHA-256 for rows written before the key.
func (j *Journal) digest(r *row) []byte {
	canon, _ := json.Marshal(struct {
		AccountID string            `json:"a"`
		At        string            `json:"t"`
		Kind      string            `json:"k"`
		ActorID   string            `json:"s"`
		IP        string            `json:"i"`
		UserAgent string            `json:"u"`
		Details   map[string]string `json:"d"`
	}{deref(r.AccountID), r.At.UTC().Format(time.RFC3339Nano), r.Kind, deref(r.ActorID), r.IP, r.UserAgent, r.Details})
	h := sha256.New()
	if r.Keyed {
		h = hmac.New(sha256.New, j.key)
	}
	h.Write(r.PrevHash)
	h.Write(canon)
	return h.Sum(nil)
}

// List returns a page of the account's journal, newest first, with ids
// below before (0 = from the newest).
func List(ctx context.Context, db bun.IDB, accountID string, before int64, limit int) (shared.JournalPage, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	var rows []row
	q := db.NewSelect().Model(&rows).Where("account_id = ?", accountID).OrderExpr("id DESC").Limit(int64(limit + 1))
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	if err := q.Scan(ctx); err != nil {
		return shared.JournalPage{}, fmt.Errorf("audit.List(%q): %w", accountID, err)
	}
	page := shared.JournalPage{Items: make([]shared.JournalEntry, 0, len(rows))}
	if len(rows) > limit {
		rows = rows[:limit]
		page.NextBefore = rows[limit-1].ID
	}
	for _, r := range rows {
		page.Items = append(page.Items, shared.JournalEntry{
			ID: r.ID, At: r.At, Kind: r.Kind, IP: r.IP,
			Device: DeviceName(r.UserAgent), Details: r.Details,
		})
	}
	return page, nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
