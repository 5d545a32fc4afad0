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
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"

	kdb "kabinet/server/db"
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
	key    []byte
	one    *kdb.Prepared // AppendAfter's statement for one entry (appendOneSQL)
	anchor string        // the anchor file (Anchored); "" for none
}

// appendOneSQL appends one row: what a sign-in appends, in a transaction
// that prepares its statements (see Appender).
const appendOneSQL = `INSERT INTO journal (account_id, at, kind, actor_id, ip, user_agent, details, prev_hash, hash, keyed)
	VALUES ($1::uuid, $2::timestamptz, $3::text, $4::uuid, $5::text, $6::text, $7::jsonb, $8::bytea, $9::bytea, true) RETURNING true`

// New returns the journal keyed by key (KeySize bytes; see LoadKey).
func New(key []byte) (*Journal, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("audit: the journal key must be %d bytes, got %d", KeySize, len(key))
	}
	return &Journal{key: bytes.Clone(key), one: kdb.Prepare("audit_append_one", appendOneSQL)}, nil
}

// Append adds e to its chain inside db's transaction, so the event commits
// with the change it records (in a transaction of its own when db is the
// pool). A transaction's append takes no savepoint: every caller returns
// Append's error, and the transaction fails as a whole.
func (j *Journal) Append(ctx context.Context, db bun.IDB, e Entry) error {
	if tx, ok := db.(bun.Tx); ok {
		return j.append(ctx, tx, e)
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return j.append(ctx, tx, e) })
}

func (j *Journal) append(ctx context.Context, tx bun.Tx, e Entry) error {
	// Serialise appends per chain: two concurrent appends must not both
	// link to the same previous row.
	if _, err := tx.NewRaw("SELECT ?", LockChain(e.AccountID)).Exec(ctx); err != nil {
		return fmt.Errorf("audit.Append: lock: %w", err)
	}
	var head []byte
	if err := tx.NewRaw("SELECT ?", Head(e.AccountID)).Scan(ctx, &head); err != nil {
		return fmt.Errorf("audit.Append: last hash: %w", err)
	}
	return j.AppendAfter(ctx, tx, head, e)
}

// LockChain is an SQL expression, always true, that takes the
// transaction's lock on the chain of accountID ("" the system chain). A
// caller that appends with AppendAfter puts it in a statement of its own
// (one that does other work too), and reads Head in a later one: a
// statement sees only what was committed before it began, so a Head read
// by the statement that waited for the lock could miss the row the lock's
// last holder appended.
func LockChain(accountID string) schema.QueryAppender {
	return bun.SafeQuery("(SELECT true FROM pg_advisory_xact_lock(hashtextextended(?, 7)))", ChainKey(accountID))
}

// LockChainCall takes LockChain's lock in a statement of its own that
// returns no rows (the procedure journal_lock_chain), for db.ExecAhead:
// its parameter $1 is the chain's key (ChainKey).
const LockChainCall = "CALL journal_lock_chain($1)"

// ChainKey is the key of accountID's chain's lock: LockChain's, and
// LockChainCall's argument.
func ChainKey(accountID string) string { return "journal:" + chainOf(accountID) }

// Head is an SQL expression: the last hash of the chain of accountID, NULL
// while the chain is empty. Read it under LockChain (see there).
func Head(accountID string) schema.QueryAppender {
	if accountID == "" {
		return bun.SafeQuery("(SELECT hash FROM journal WHERE account_id IS NULL ORDER BY id DESC LIMIT 1)")
	}
	return bun.SafeQuery(HeadOf("?"), accountID)
}

// HeadOf is Head's SQL for an account's chain (not the system's) whose id
// is the parameter param, for a prepared statement.
func HeadOf(param string) string {
	return "(SELECT hash FROM journal WHERE account_id = " + param + " ORDER BY id DESC LIMIT 1)"
}

func chainOf(accountID string) string {
	if accountID == "" {
		return "system"
	}
	return accountID
}

// Appender is AppendAfter's statement for one entry, for db.RunInTx to
// prepare: in its transaction a single entry is EXECUTEd, not planned
// anew (elsewhere the same statement runs as text).
func (j *Journal) Appender() *kdb.Prepared { return j.one }

// AppendAfter adds entries, in order and in one INSERT, to one chain whose
// last hash tx read as head (nil: the chain is empty) while holding
// LockChain. Entries of another chain are refused.
func (j *Journal) AppendAfter(ctx context.Context, tx bun.IDB, head []byte, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	prev := head
	if prev == nil {
		prev = genesis
	}
	rows := make([]row, len(entries))
	at := time.Now().UTC().Truncate(time.Microsecond) // PostgreSQL keeps µs
	for i, e := range entries {
		if e.AccountID != entries[0].AccountID {
			return fmt.Errorf("audit.AppendAfter: entries of two chains (%q, %q)", entries[0].AccountID, e.AccountID)
		}
		r := &rows[i]
		*r = row{AccountID: nullable(e.AccountID), At: at, Kind: e.Kind, ActorID: nullable(e.ActorID),
			IP: e.IP, UserAgent: e.UserAgent, Details: e.Details, PrevHash: prev, Keyed: true}
		if r.Details == nil {
			r.Details = map[string]string{}
		}
		r.Hash = j.digest(r)
		prev = r.Hash
	}
	var err error
	if len(rows) == 1 {
		r := &rows[0]
		var details []byte
		if details, err = json.Marshal(r.Details); err == nil {
			var ok bool
			err = j.one.ScanIn(ctx, tx, []any{r.AccountID, r.At, r.Kind, r.ActorID, r.IP, r.UserAgent, string(details), r.PrevHash, r.Hash}, &ok)
		}
	} else {
		_, err = tx.NewInsert().Model(&rows).Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("audit.Append(%s): %w", entries[0].Kind, err)
	}
	return nil
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
