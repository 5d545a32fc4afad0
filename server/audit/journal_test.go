package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/audit"
	"kabinet/server/audit/audittest"
	"kabinet/server/dbtest"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var testKey = bytes.Repeat([]byte{7}, audit.KeySize)

func newJournal(t *testing.T) *audit.Journal {
	t.Helper()
	j, err := audit.New(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// fixture is an account with n journal rows, verified once.
func fixture(t *testing.T, db *bun.DB, j *audit.Journal, phone string, n int) (string, []int64) {
	t.Helper()
	ctx := context.Background()
	var id string
	if err := db.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash)
		VALUES ('Тест', 'Журнал', ?, ?, 'x') RETURNING id`, phone, phone+"@example.ru").Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := j.Append(ctx, db, audit.Entry{AccountID: id, Kind: shared.JournalLogin, IP: "127.0.0.1",
			Details: map[string]string{"n": fmt.Sprint(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	if err := db.NewRaw("SELECT id FROM journal WHERE account_id = ? ORDER BY id", id).Scan(ctx, &ids); err != nil {
		t.Fatal(err)
	}
	return id, ids
}

// TestTamperingIsDetected edits the table as a superuser would (triggers
// disabled) and expects the break found by a full walk, by the job over
// all chains, and — for what the last checkpoint covers (rows removed,
// the chain recomputed, the table emptied) — by an incremental check too.
// An edited row behind the checkpoint is left to the full walk: the
// incremental check is the cheap one, run often; the full one runs nightly.
func TestTamperingIsDetected(t *testing.T) {
	ctx := context.Background()
	type want struct {
		at     int // index into the rows; -1: the checkpoint's id minus one
		reason shared.JournalBreak
	}
	for _, tc := range []struct {
		name        string
		tamper      func(t *testing.T, db *bun.DB, ids []int64)
		full        want
		incremental *want // nil: beyond what an incremental check sees
	}{
		{"forged row", func(t *testing.T, db *bun.DB, ids []int64) {
			mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9', details = '{\"method\":\"sms\"}' WHERE id = ?", ids[1])
		}, want{1, shared.JournalBreakChanged}, nil},
		{"removed row", func(t *testing.T, db *bun.DB, ids []int64) {
			mustExec(t, db, "DELETE FROM journal WHERE id = ?", ids[1])
		}, want{2, shared.JournalBreakLink}, &want{3, shared.JournalBreakRemoved}},
		{"removed last row", func(t *testing.T, db *bun.DB, ids []int64) {
			mustExec(t, db, "DELETE FROM journal WHERE id = ?", ids[3])
		}, want{3, shared.JournalBreakRemoved}, &want{3, shared.JournalBreakRemoved}},
		{"chain recomputed without the key", recomputeWithout,
			want{1, shared.JournalBreakChanged}, &want{3, shared.JournalBreakChanged}},
		{"recomputed in the old unkeyed form", recomputeUnkeyed,
			want{0, shared.JournalBreakUnkeyed}, &want{3, shared.JournalBreakChanged}},
		{"truncated table", func(t *testing.T, db *bun.DB, ids []int64) {
			mustExec(t, db, "TRUNCATE journal")
		}, want{3, shared.JournalBreakRemoved}, &want{3, shared.JournalBreakRemoved}},
		{"checkpoint forged", func(t *testing.T, db *bun.DB, ids []int64) {
			mustExec(t, db, "UPDATE journal_checks SET verified_id = verified_id - 1")
		}, want{-1, shared.JournalBreakCheck}, &want{-1, shared.JournalBreakCheck}},
	} {
		for _, mode := range []string{"full", "incremental", "all chains"} {
			w := &tc.full
			if mode == "incremental" {
				w = tc.incremental
			}
			if w == nil {
				continue
			}
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				db := dbtest.NewDB(t)
				j := newJournal(t)
				id, ids := fixture(t, db, j, "+79990000001", 4)
				if c, err := j.Verify(ctx, db, id, true); err != nil || c.Break != nil || c.Entries != 4 {
					t.Fatalf("intact chain: %+v, %v", c, err)
				}
				mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
				tc.tamper(t, db, ids)
				mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")

				var c audit.Check
				var err error
				if mode == "all chains" {
					var sum audit.Summary
					sum, err = j.VerifyAll(ctx, db, true)
					if len(sum.Broken) != 1 || len(sum.Fresh) != 1 {
						t.Fatalf("VerifyAll: %+v, %v", sum, err)
					}
					c = sum.Broken[0]
				} else {
					c, err = j.Verify(ctx, db, id, mode == "full")
				}
				if err != nil || c.Break == nil {
					t.Fatalf("tampering not detected: %+v, %v", c, err)
				}
				at := ids[3] - 1
				if w.at >= 0 {
					at = ids[w.at]
				}
				if c.Break.ID != at || c.Break.Reason != w.reason {
					t.Errorf("break at %d (%s), want %d (%s)", c.Break.ID, c.Break.Reason, at, w.reason)
				}
				// The break is kept, with the time it was first found.
				time.Sleep(2 * time.Millisecond)
				again, err := j.Verify(ctx, db, id, true)
				if err != nil || again.Break == nil || !again.Since.Equal(c.Since) {
					t.Errorf("second check: %+v, %v; want the break found at %v", again, err, c.Since)
				}
			})
		}
	}
}

// recomputeWithout forges row 1 and recomputes the chain from it on under
// a guessed key, as anyone could without the journal's.
func recomputeWithout(t *testing.T, db *bun.DB, ids []int64) {
	mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", ids[1])
	audittest.Recompute(t, db, ids, 1, []byte("a guessed key"))
}

// recomputeUnkeyed rewrites the whole chain as rows of the old, unkeyed
// form, which verify without any key.
func recomputeUnkeyed(t *testing.T, db *bun.DB, ids []int64) {
	mustExec(t, db, "UPDATE journal SET keyed = false WHERE id IN (?)", bun.In(ids))
	audittest.Recompute(t, db, ids, 0, nil)
}

func TestTheApplicationCannotRewrite(t *testing.T) {
	db := dbtest.NewDB(t)
	j := newJournal(t)
	id, _ := fixture(t, db, j, "+79990000003", 2)
	for _, q := range []string{
		"UPDATE journal SET ip = '10.0.0.1' WHERE account_id = '" + id + "'",
		"DELETE FROM journal WHERE account_id = '" + id + "'",
		"TRUNCATE journal",
	} {
		if _, err := db.ExecContext(context.Background(), q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
}

// TestRowsBeforeTheKeyStillVerify: rows written before the key (plain
// SHA-256, keyed = false, ids up to journal_legacy) are accepted, and the
// keyed rows after them chain on.
func TestRowsBeforeTheKeyStillVerify(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	j := newJournal(t)
	id, ids := fixture(t, db, j, "+79990000004", 3)
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "UPDATE journal SET keyed = false WHERE id IN (?)", bun.In(ids))
	audittest.Recompute(t, db, ids, 0, nil)
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	mustExec(t, db, "UPDATE journal_legacy SET upto_id = ?", ids[2])
	if err := j.Append(ctx, db, audit.Entry{AccountID: id, Kind: shared.JournalLogout}); err != nil {
		t.Fatal(err)
	}
	if c, err := j.Verify(ctx, db, id, true); err != nil || c.Break != nil || c.Entries != 4 {
		t.Fatalf("legacy rows then a keyed one: %+v, %v", c, err)
	}
}

func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	j := newJournal(t)
	id, _ := fixture(t, db, j, "+79990000002", 0)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- j.Append(ctx, db, audit.Entry{AccountID: id, Kind: shared.JournalLogin, Details: map[string]string{"i": fmt.Sprint(i)}})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if c, err := j.Verify(ctx, db, id, true); err != nil || c.Break != nil || c.Entries != 40 {
		t.Fatalf("chain after concurrent appends: %+v, %v", c, err)
	}
	page, err := audit.List(ctx, db, id, 0, 25)
	if err != nil || len(page.Items) != 25 || page.NextBefore == 0 {
		t.Fatalf("first page: %d items, next %d, %v", len(page.Items), page.NextBefore, err)
	}
	rest, err := audit.List(ctx, db, id, page.NextBefore, 25)
	if err != nil || len(rest.Items) != 15 || rest.NextBefore != 0 {
		t.Fatalf("second page: %d items, next %d, %v", len(rest.Items), rest.NextBefore, err)
	}
}

func mustExec(t *testing.T, db *bun.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// Appends of several entries in one INSERT, their head read in the
// statement after the one that took the chain's lock, interleave with
// single appends inside transactions and leave one unbroken chain.
func TestAppendAfterKeepsOneChain(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	j := newJournal(t)
	id, _ := fixture(t, db, j, "+79990000003", 0)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs <- db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				return j.Append(ctx, tx, audit.Entry{AccountID: id, Kind: shared.JournalLogin, Details: map[string]string{"i": fmt.Sprint(i)}})
			})
		}()
		go func() {
			defer wg.Done()
			errs <- db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				var locked bool
				if err := tx.NewRaw("SELECT ?", audit.LockChain(id)).Scan(ctx, &locked); err != nil {
					return err
				}
				var head []byte
				if err := tx.NewRaw("SELECT ?", audit.Head(id)).Scan(ctx, &head); err != nil {
					return err
				}
				return j.AppendAfter(ctx, tx, head,
					audit.Entry{AccountID: id, Kind: shared.JournalNewDevice, Details: map[string]string{"i": fmt.Sprint(i)}},
					audit.Entry{AccountID: id, Kind: shared.JournalLogin, Details: map[string]string{"i": fmt.Sprint(i)}})
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if c, err := j.Verify(ctx, db, id, true); err != nil || c.Break != nil || c.Entries != 60 {
		t.Fatalf("chain after concurrent appends: %+v, %v", c, err)
	}
	if err := j.AppendAfter(ctx, db, nil, audit.Entry{AccountID: id}, audit.Entry{}); err == nil {
		t.Fatal("entries of two chains were appended in one INSERT")
	}
}

// A break at a chain's first row is found as the same break by every
// later check, full or incremental: with nothing intact before it, the
// record's anchor is row 0, and resuming from there reported the break
// as entries removed at row 0 — a different break, which undid an
// acknowledgement of the first.
func TestABreakAtTheFirstRowStaysTheSame(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	j := newJournal(t)
	id, ids := fixture(t, db, j, "+79990000001", 3)
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", ids[0])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	first, err := j.Verify(ctx, db, id, true)
	if err != nil || first.Break == nil || first.Break.ID != ids[0] || first.Break.Reason != shared.JournalBreakChanged {
		t.Fatalf("first check: %+v, %v", first.Break, err)
	}
	for _, full := range []bool{true, false, true} {
		c, err := j.Verify(ctx, db, id, full)
		if err != nil || c.Break == nil || *c.Break != *first.Break || !c.Since.Equal(first.Since) {
			t.Fatalf("a later check (full %t): %+v since %v, want %+v since %v (%v)", full, c.Break, c.Since, first.Break, first.Since, err)
		}
	}
}

// An acknowledged break does not hide a later one: verification walks
// past it, and a row changed after the acknowledgement is the chain's new,
// unacknowledged break, found by a full and by an incremental check.
func TestALaterBreakIsFoundPastAnAcknowledgedOne(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	j := newJournal(t)
	id, ids := fixture(t, db, j, "+79990000002", 5)
	edit := func(rowID int64) {
		mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
		mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", rowID)
		mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	}
	edit(ids[1])
	first, err := j.Verify(ctx, db, id, true)
	if err != nil || first.Break == nil || first.Break.ID != ids[1] {
		t.Fatalf("first check: %+v, %v", first.Break, err)
	}
	if _, err := j.Acknowledge(ctx, db, id, ids[1], "дежурный", ""); err != nil {
		t.Fatal(err)
	}
	for _, full := range []bool{false, true} {
		c, err := j.Verify(ctx, db, id, full)
		if err != nil || c.Break == nil || *c.Break != *first.Break || c.Entries != int64(len(ids)) {
			t.Fatalf("after the acknowledgement (full %t): %+v, %d entries, %v; want the same break and %d entries", full, c.Break, c.Entries, err, len(ids))
		}
	}
	if n, err := j.Unacknowledged(ctx, db); err != nil || n != 0 {
		t.Fatalf("unacknowledged after the acknowledgement: %d, %v", n, err)
	}
	edit(ids[3])
	for _, full := range []bool{true, false} {
		c, err := j.Verify(ctx, db, id, full)
		if err != nil || c.Break == nil || c.Break.ID != ids[3] || c.Break.Reason != shared.JournalBreakChanged {
			t.Fatalf("a row changed after the acknowledgement (full %t): %+v, %v; want row %d changed", full, c.Break, err, ids[3])
		}
		if !c.Since.After(first.Since) {
			t.Errorf("the later break found since %v, the acknowledged one's time %v", c.Since, first.Since)
		}
	}
	if n, err := j.Unacknowledged(ctx, db); err != nil || n != 1 {
		t.Fatalf("unacknowledged after a later break: %d, %v; want 1", n, err)
	}
}

// TestStateCountsAForgedRecord: the state a monitor reads (/metrics,
// health) counts a chain whose recorded verification was changed without
// the key as broken and unacknowledged at once, before the next
// verification records the break: clearing a recorded break, or changing
// an intact record, no longer reads as intact.
func TestStateCountsAForgedRecord(t *testing.T) {
	db := dbtest.NewDB(t)
	j := newJournal(t)
	ctx := context.Background()
	state := func(want audit.State) {
		t.Helper()
		got, err := j.State(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if got.Chains != want.Chains || got.Broken != want.Broken || got.Unacknowledged != want.Unacknowledged || got.Oldest.IsZero() {
			t.Fatalf("state %+v, want %+v", got, want)
		}
	}
	intact, _ := fixture(t, db, j, "+79001110001", 3)
	broken, ids := fixture(t, db, j, "+79001110002", 3)
	for _, chain := range []string{intact, broken} {
		if _, err := j.Verify(ctx, db, chain, true); err != nil {
			t.Fatal(err)
		}
	}
	state(audit.State{Chains: 2})

	audittest.Tamper(t, db, func() { mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", ids[1]) })
	if c, err := j.Verify(ctx, db, broken, true); err != nil || c.Break == nil {
		t.Fatalf("the break was not found: %+v %v", c, err)
	}
	state(audit.State{Chains: 2, Broken: 1, Unacknowledged: 1})

	// The break cleared from its record, as someone without the key would.
	mustExec(t, db, `UPDATE journal_checks SET broken_id = NULL, broken_at = NULL, broken_reason = NULL, broken_since = NULL
		WHERE chain = ?`, broken)
	state(audit.State{Chains: 2, Broken: 1, Unacknowledged: 1})

	// An intact chain's record changed.
	mustExec(t, db, "UPDATE journal_checks SET entries = entries + 1 WHERE chain = ?", intact)
	state(audit.State{Chains: 2, Broken: 2, Unacknowledged: 2})
	if n, err := j.Unacknowledged(ctx, db); err != nil || n != 2 {
		t.Fatalf("Unacknowledged = %d, %v, want 2", n, err)
	}
}

// TestARecordMovedInTimeReadsUnverified: the time of a chain's last
// verification is bound to the key (timedMAC), so a record moved forward,
// to make a chain look verified lately when verification has stopped,
// reads as not verified lately (the oldest verification unknown) at once,
// until the next verification writes it again. Its other fields, still
// bound, keep it intact. Before, the time was bound to nothing and the
// chain read as verified tomorrow.
func TestARecordMovedInTimeReadsUnverified(t *testing.T) {
	db := dbtest.NewDB(t)
	j := newJournal(t)
	ctx := context.Background()
	chain, _ := fixture(t, db, j, "+79001110003", 3)
	if _, err := j.Verify(ctx, db, chain, true); err != nil {
		t.Fatal(err)
	}
	if st, err := j.State(ctx, db); err != nil || st.Chains != 1 || st.Broken != 0 || st.Oldest.IsZero() {
		t.Fatalf("state after a verification: %+v, %v", st, err)
	}
	mustExec(t, db, "UPDATE journal_checks SET checked_at = checked_at + interval '1 day' WHERE chain = ?", chain)
	if st, err := j.State(ctx, db); err != nil || st.Chains != 1 || st.Broken != 0 || !st.Oldest.IsZero() {
		t.Fatalf("state after the record's time moved: %+v, %v; want intact, the oldest verification unknown", st, err)
	}
	c, err := j.Verify(ctx, db, chain, false)
	if err != nil || c.Break != nil {
		t.Fatalf("the next verification: %+v, %v; want intact", c.Break, err)
	}
	if st, err := j.State(ctx, db); err != nil || st.Broken != 0 || !st.Oldest.Equal(c.CheckedAt) {
		t.Fatalf("state after the next verification: %+v, %v; want the oldest verification %v", st, err, c.CheckedAt)
	}
}

// TestARecordOfTheEarlierKindStillAnchors: a check record as the earlier
// version writes it (no timed MAC: an upgraded deployment's, or one an
// older server wrote during a rolling upgrade) is still the chain's
// anchor — rows removed from the end of the chain after it are found —
// and it reads intact, not forged; only its time counts as unknown, so
// the state's oldest verification is unknown (zero) until the next
// verification writes the record with its time bound.
func TestARecordOfTheEarlierKindStillAnchors(t *testing.T) {
	db := dbtest.NewDB(t)
	j := newJournal(t)
	ctx := context.Background()
	chain, ids := fixture(t, db, j, "+79001110004", 4)
	if _, err := j.Verify(ctx, db, chain, true); err != nil {
		t.Fatal(err)
	}
	if err := j.WriteRecordAsBefore(ctx, db, chain); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE journal_checks SET checked_at = checked_at + interval '1 day' WHERE chain = ?", chain)
	if st, err := j.State(ctx, db); err != nil || st.Chains != 1 || st.Broken != 0 || !st.Oldest.IsZero() {
		t.Fatalf("state with the earlier kind of record: %+v, %v; want intact, the oldest verification unknown", st, err)
	}
	audittest.Tamper(t, db, func() { mustExec(t, db, "DELETE FROM journal WHERE id = ?", ids[len(ids)-1]) })
	c, err := j.Verify(ctx, db, chain, false)
	if err != nil || c.Break == nil || c.Break.Reason != shared.JournalBreakRemoved {
		t.Fatalf("the last row removed after the earlier kind of record: %+v, %v; want it found removed", c.Break, err)
	}
	st, err := j.State(ctx, db)
	if err != nil || st.Broken != 1 || !st.Oldest.Equal(c.CheckedAt) {
		t.Fatalf("state after the next verification: %+v, %v; want 1 broken, the oldest verification %v", st, err, c.CheckedAt)
	}
}
