// Package audittest tampers with the journal as someone with database
// access but without the journal's key would, for the tests of every
// place that must find it (the check, the job, the command, the pages).
package audittest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"hash"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

// Tamper runs edit with the journal's triggers disabled, as the table's
// owner or a superuser can, and enables them again.
func Tamper(t testing.TB, db bun.IDB, edit func()) {
	t.Helper()
	Exec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	edit()
	Exec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
}

// Exec runs q or fails the test.
func Exec(t testing.TB, db bun.IDB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// Recompute relinks ids[from:] (one chain, in order) from the prev_hash
// of ids[from]: each row's hash over the previous one and the row's
// canonical form, exactly as the journal writes it (the source is
// public), but under key instead of the journal's — a guess — or, with
// key nil, with plain SHA-256, the form rows had before the key. Call it
// inside Tamper.
func Recompute(t testing.TB, db bun.IDB, ids []int64, from int, key []byte) {
	t.Helper()
	ctx := context.Background()
	var prev []byte
	if err := db.NewRaw("SELECT prev_hash FROM journal WHERE id = ?", ids[from]).Scan(ctx, &prev); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[from:] {
		var r struct {
			AccountID, ActorID, Kind, IP, UserAgent string
			At                                      time.Time
			Details                                 map[string]string
		}
		if err := db.NewRaw(`SELECT coalesce(account_id::text, ''), coalesce(actor_id::text, ''), kind, ip, user_agent, at, details
			FROM journal WHERE id = ?`, id).
			Scan(ctx, &r.AccountID, &r.ActorID, &r.Kind, &r.IP, &r.UserAgent, &r.At, &r.Details); err != nil {
			t.Fatal(err)
		}
		canon, _ := json.Marshal(struct {
			A string            `json:"a"`
			T string            `json:"t"`
			K string            `json:"k"`
			S string            `json:"s"`
			I string            `json:"i"`
			U string            `json:"u"`
			D map[string]string `json:"d"`
		}{r.AccountID, r.At.UTC().Format(time.RFC3339Nano), r.Kind, r.ActorID, r.IP, r.UserAgent, r.Details})
		var h hash.Hash = sha256.New()
		if key != nil {
			h = hmac.New(sha256.New, key)
		}
		h.Write(prev)
		h.Write(canon)
		sum := h.Sum(nil)
		Exec(t, db, "UPDATE journal SET prev_hash = ?, hash = ? WHERE id = ?", prev, sum, id)
		prev = sum
	}
}
