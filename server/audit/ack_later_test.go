package audit_test

import (
	"context"
	"testing"

	"kabinet/server/audit"
	"kabinet/server/dbtest"
	"kabinet/shared"
)

// An acknowledged "removed" break (rows deleted before the anchor) does
// not hide a later change in the same chain: the operator acknowledges
// every break the checks report, then a row appended later is changed,
// and both checks find it.
func TestAnAcknowledgedRemovalHidesNoLaterBreak(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	j := newJournal(t)
	id, ids := fixture(t, db, j, "+79990000003", 5)
	if _, err := j.Verify(ctx, db, id, false); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "DELETE FROM journal WHERE id = ?", ids[1])
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	// The operator acknowledges whatever the checks report, until none is left.
	for i := 0; i < 4; i++ {
		for _, full := range []bool{false, true} {
			c, err := j.Verify(ctx, db, id, full)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("full %t: %+v", full, c.Break)
			if c.Break != nil {
				_, _ = j.Acknowledge(ctx, db, id, c.Break.ID, "дежурный", "")
			}
		}
	}
	if n, _ := j.Unacknowledged(ctx, db); n != 0 {
		t.Fatalf("left unacknowledged: %d", n)
	}
	for range 2 {
		if err := j.Append(ctx, db, audit.Entry{AccountID: id, Kind: shared.JournalLogin, IP: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
	}
	var last int64
	if err := db.NewRaw("SELECT max(id) FROM journal WHERE account_id = ?", id).Scan(ctx, &last); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER USER")
	mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", last)
	mustExec(t, db, "ALTER TABLE journal ENABLE TRIGGER USER")
	for _, full := range []bool{false, true} {
		c, err := j.Verify(ctx, db, id, full)
		n, _ := j.Unacknowledged(ctx, db)
		if err != nil || n != 1 {
			t.Errorf("row %d changed after the acknowledgement (full %t): %+v, %d unacknowledged, %v", last, full, c.Break, n, err)
		}
	}
}
