package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/server/audit"
	"kabinet/server/dbtest"
	"kabinet/shared"
)

// anchored is the journal with its anchor in a file of the test's own.
func anchored(t *testing.T) (*audit.Journal, string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "journal.anchor")
	return newJournal(t).Anchored(file), file
}

// verifyAll is VerifyAll that must not fail.
func verifyAll(t *testing.T, db *bun.DB, j *audit.Journal) audit.Summary {
	t.Helper()
	sum, err := j.VerifyAll(context.Background(), db, false)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// anchorBreak is the anchor's break in sum, failing the test without one.
func anchorBreak(t *testing.T, sum audit.Summary) *audit.Break {
	t.Helper()
	if sum.Anchor == nil || sum.Anchor.Break == nil || len(sum.Broken) == 0 || !audit.IsAnchor(sum.Broken[len(sum.Broken)-1].Chain) {
		t.Fatalf("the anchor found no break: %+v", sum)
	}
	return sum.Anchor.Break
}

// Whoever holds the database can remove the end of a chain together with
// the chain's check record: the chain then looks intact from its first
// row. The anchor, counted in a file the database does not hold, finds
// it, names the highest row it had counted, and finds it again when the
// anchor's own record is removed too.
func TestARemovedTailWithItsCheckRecordIsFound(t *testing.T) {
	db := dbtest.NewDB(t)
	j, _ := anchored(t)
	id, ids := fixture(t, db, j, "+79990000031", 4)
	sum := verifyAll(t, db, j)
	if len(sum.Broken) != 0 || sum.Anchor == nil || sum.Anchor.Entries != 4 {
		t.Fatalf("intact journal: %+v", sum)
	}

	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal WHERE id >= ?", ids[2])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal_checks WHERE chain = ?", id)

	sum = verifyAll(t, db, j)
	if sum.BrokenChains() != 0 {
		t.Fatalf("the chain itself cannot show it, yet was found broken: %+v", sum.Broken)
	}
	br := anchorBreak(t, sum)
	if br.ID != ids[3] || br.Reason != shared.JournalBreakRemoved || len(sum.Fresh) != 1 {
		t.Errorf("anchor break %+v (fresh %d), want entry %d removed, fresh", br, len(sum.Fresh), ids[3])
	}

	// The record of the break removed as well: the file still counts.
	mustExec(t, db, "DELETE FROM journal_checks")
	if br := anchorBreak(t, verifyAll(t, db, j)); br.ID != ids[3] {
		t.Errorf("found again at %d, want %d", br.ID, ids[3])
	}
	if st, err := j.State(context.Background(), db); err != nil || st.Unacknowledged != 1 {
		t.Errorf("health would read %+v (%v), want the anchor's break unacknowledged", st, err)
	}
}

// An older record of a chain put back in place of its current one, and
// the rows after it removed: the chain resumes from the older record and
// looks intact; the anchor finds it.
func TestAnOlderCheckRecordPutBackIsFound(t *testing.T) {
	db := dbtest.NewDB(t)
	j, _ := anchored(t)
	id, ids := fixture(t, db, j, "+79990000032", 2)
	verifyAll(t, db, j)
	mustExec(t, db, "CREATE TABLE old_check AS SELECT * FROM journal_checks WHERE chain = ?", id)
	for range 2 {
		if err := j.Append(context.Background(), db, audit.Entry{AccountID: id, Kind: shared.JournalLogin, IP: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
	}
	if sum := verifyAll(t, db, j); len(sum.Broken) != 0 || sum.Anchor.Entries != 4 {
		t.Fatalf("intact journal of 4 rows: %+v", sum)
	}

	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal WHERE id > ?", ids[1])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal_checks WHERE chain = ?", id)
	mustExec(t, db, "INSERT INTO journal_checks SELECT * FROM old_check")

	sum := verifyAll(t, db, j)
	if c, err := j.Verify(context.Background(), db, id, false); err != nil || c.Break != nil {
		t.Fatalf("the chain from its older record: %+v, %v (the hole this test is about is gone?)", c, err)
	}
	if br := anchorBreak(t, sum); br.Reason != shared.JournalBreakRemoved {
		t.Errorf("anchor break %+v, want removed", br)
	}
}

// An acknowledged anchor break stays recorded, and the anchor moves on
// to the journal as it is: a later removal is a break of its own.
func TestAnAcknowledgedAnchorBreakMovesTheAnchorOn(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	j, _ := anchored(t)
	id, ids := fixture(t, db, j, "+79990000033", 4)
	verifyAll(t, db, j)
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal WHERE id = ?", ids[3])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal_checks WHERE chain = ?", id)
	sum := verifyAll(t, db, j)
	br := anchorBreak(t, sum)

	if _, err := j.Acknowledge(ctx, db, sum.Anchor.Chain, br.ID, "Оператор Петров", "восстановлено из копии"); err != nil {
		t.Fatal(err)
	}
	sum = verifyAll(t, db, j)
	if again := anchorBreak(t, sum); again.ID != br.ID || len(sum.Fresh) != 0 {
		t.Errorf("after the acknowledgement: %+v (fresh %d), want the break at %d kept, none fresh", again, len(sum.Fresh), br.ID)
	}
	if st, err := j.State(ctx, db); err != nil || st.Unacknowledged != 0 {
		t.Errorf("state %+v (%v), want nothing unacknowledged", st, err)
	}

	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal WHERE id = ?", ids[2])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	sum = verifyAll(t, db, j)
	if later := anchorBreak(t, sum); later.ID == br.ID || len(sum.Fresh) == 0 {
		t.Errorf("a later removal: %+v (fresh %d), want a new break", later, len(sum.Fresh))
	}
}

// The file is MAC'd under the key: written over by someone without it
// (to count fewer rows) it is a forged check, not a new anchor.
func TestAForgedAnchorFileIsFound(t *testing.T) {
	db := dbtest.NewDB(t)
	j, file := anchored(t)
	fixture(t, db, j, "+79990000034", 2)
	verifyAll(t, db, j)
	if err := os.WriteFile(file, []byte(`{"upto":1,"rows":1,"at":"2026-12-07T00:00:00Z","mac":"00"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if br := anchorBreak(t, verifyAll(t, db, j)); br.Reason != shared.JournalBreakCheck {
		t.Errorf("anchor break %+v, want check", br)
	}
}

// Rows only ever added: the anchor follows the journal and never breaks,
// from its first count on.
func TestTheAnchorFollowsAGrowingJournal(t *testing.T) {
	db := dbtest.NewDB(t)
	j, file := anchored(t)
	id, _ := fixture(t, db, j, "+79990000035", 1)
	for n := 2; n <= 4; n++ {
		if err := j.Append(context.Background(), db, audit.Entry{AccountID: id, Kind: shared.JournalLogin, IP: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
		sum := verifyAll(t, db, j)
		if len(sum.Broken) != 0 || sum.Anchor == nil || sum.Anchor.Entries != int64(n) {
			t.Fatalf("after %d rows: %+v", n, sum)
		}
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("no anchor file: %v", err)
	}
}

// Two servers over one database, each with its anchor file: each anchor
// has a record of its own, so one removal is told once by each, each
// acknowledged once, and neither's run brings the other's break back.
func TestTwoAnchorsKeepTheirOwnRecords(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	a, _ := anchored(t)
	b, _ := anchored(t)
	id, ids := fixture(t, db, a, "+79990000036", 3)
	verifyAll(t, db, a)
	verifyAll(t, db, b)
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal WHERE id = ?", ids[2])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal_checks WHERE chain = ?", id) // the anchors alone can tell
	for _, j := range []*audit.Journal{a, b} {
		sum := verifyAll(t, db, j)
		br := anchorBreak(t, sum)
		if _, err := j.Acknowledge(ctx, db, sum.Anchor.Chain, br.ID, "Оператор", "разобрано"); err != nil {
			t.Fatal(err)
		}
	}
	for _, j := range []*audit.Journal{a, b, a} {
		if sum := verifyAll(t, db, j); len(sum.Fresh) != 0 {
			t.Errorf("a break told and acknowledged by each anchor came back fresh: %+v", sum.Fresh)
		}
	}
	if st, err := a.State(ctx, db); err != nil || st.Unacknowledged != 0 {
		t.Errorf("state %+v (%v), want nothing unacknowledged", st, err)
	}
}

// An anchor file that cannot be written fails the run, and the run still
// gives what the chains found, so that the job tells their breaks.
func TestAnUnusableAnchorStillGivesTheChainsBreaks(t *testing.T) {
	db := dbtest.NewDB(t)
	j := newJournal(t)
	_, ids := fixture(t, db, j, "+79990000037", 3)
	verifyAll(t, db, j)
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", ids[1])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	sum, err := j.Anchored(filepath.Join(notDir, "journal.anchor")).VerifyAll(context.Background(), db, true)
	if err == nil || len(sum.Fresh) != 1 || sum.Fresh[0].Break.ID != ids[1] {
		t.Errorf("err %v, fresh %+v: want an error and the chain's break", err, sum.Fresh)
	}
}

// The old unkeyed rows are only as strong as plain SHA-256, and which
// rows are old is a mark in the database (journal_legacy). Raised, it
// would let rows made without the key refill removed ids and keep the
// anchor's count: the anchor keeps the mark it began with.
func TestARaisedLegacyMarkIsAForgedCheck(t *testing.T) {
	db := dbtest.NewDB(t)
	j, _ := anchored(t)
	fixture(t, db, j, "+79990000038", 2)
	verifyAll(t, db, j)
	mustExec(t, db, "UPDATE journal_legacy SET upto_id = upto_id + 1000")
	if br := anchorBreak(t, verifyAll(t, db, j)); br.Reason != shared.JournalBreakCheck {
		t.Errorf("anchor break %+v, want check", br)
	}
}
