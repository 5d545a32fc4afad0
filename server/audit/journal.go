// Package audit owns the journal: an append-only, hash-chained record of
// every security-relevant event (sign-ins, failures, lockouts, profile and
// password changes, staff actions). Each account has its own chain; every
// row carries the SHA-256 of the previous row of its chain, so changing or
// deleting a past row breaks every hash after it, and Verify says where.
package audit

import (
	"context"
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
}

// genesis is the prev_hash of the first row of every chain.
var genesis = make([]byte, sha256.Size)

// Append adds e to its chain inside db's transaction (a savepoint when db is
// already a transaction), so the event commits with the change it records.
func Append(ctx context.Context, db bun.IDB, e Entry) error {
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
		}
		if r.Details == nil {
			r.Details = map[string]string{}
		}
		r.Hash = r.digest()
		if _, err := tx.NewInsert().Model(r).Exec(ctx); err != nil {
			return fmt.Errorf("audit.Append(%s): %w", e.Kind, err)
		}
		return nil
	})
}

// digest is SHA-256 over the previous hash and the row's canonical JSON
// (encoding/json sorts map keys, so the form is stable).
func (r *row) digest() []byte {
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
	h.Write(r.PrevHash)
	h.Write(canon)
	return h.Sum(nil)
}

// Break describes where a chain stops being intact.
type Break struct {
	ID     int64  // first row whose hash does not hold
	Reason string // "hash mismatch" or "broken link"
}

// Verify walks the account's chain ("" = system chain) from its start and
// returns nil when every row is intact, or the first Break.
func Verify(ctx context.Context, db bun.IDB, accountID string) (*Break, error) {
	var rows []row
	q := db.NewSelect().Model(&rows).OrderExpr("id ASC")
	if accountID == "" {
		q = q.Where("account_id IS NULL")
	} else {
		q = q.Where("account_id = ?", accountID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("audit.Verify(%q): %w", accountID, err)
	}
	prev := genesis
	for i := range rows {
		r := &rows[i]
		if r.Details == nil {
			r.Details = map[string]string{}
		}
		if string(r.PrevHash) != string(prev) {
			return &Break{ID: r.ID, Reason: "broken link"}, nil
		}
		if string(r.digest()) != string(r.Hash) {
			return &Break{ID: r.ID, Reason: "hash mismatch"}, nil
		}
		prev = r.Hash
	}
	return nil, nil
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
