package audit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/server/audit"
	"kabinet/server/dbtest"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestChainDetectsEditedAndDeletedRows(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	var id string
	if err := db.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash)
		VALUES ('Тест', 'Журнал', '+79990000001', 'j@example.ru', 'x') RETURNING id`).Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	for i, kind := range []string{shared.JournalRegistered, shared.JournalLogin, shared.JournalProfileChanged, shared.JournalLogout} {
		if err := audit.Append(ctx, db, audit.Entry{AccountID: id, Kind: kind, IP: "127.0.0.1",
			Details: map[string]string{"n": fmt.Sprint(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	if br, err := audit.Verify(ctx, db, id); err != nil || br != nil {
		t.Fatalf("intact chain reported %+v, %v", br, err)
	}

	// The application cannot change a row: the trigger refuses.
	if _, err := db.ExecContext(ctx, "UPDATE journal SET ip = '10.0.0.1' WHERE account_id = ?", id); err == nil {
		t.Fatal("UPDATE of the journal was allowed")
	}
	// Someone with the power to drop the trigger edits a past row...
	var second int64
	if err := db.NewRaw("SELECT id FROM journal WHERE account_id = ? ORDER BY id OFFSET 1 LIMIT 1", id).Scan(ctx, &second); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "ALTER TABLE journal DISABLE TRIGGER journal_no_update")
	mustExec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", second)
	br, err := audit.Verify(ctx, db, id)
	if err != nil || br == nil || br.ID != second || br.Reason != "hash mismatch" {
		t.Fatalf("edited row: %+v, %v; want a break at %d", br, err, second)
	}
	// ...or recomputes that row's hash too: the next row's link breaks.
	mustExec(t, db, "UPDATE journal SET ip = '127.0.0.1' WHERE id = ?", second) // undo
	mustExec(t, db, "DELETE FROM journal WHERE id = ?", second)
	br, err = audit.Verify(ctx, db, id)
	if err != nil || br == nil || br.ID <= second || br.Reason != "broken link" {
		t.Fatalf("deleted row: %+v, %v", br, err)
	}
}

func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	var id string
	if err := db.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash)
		VALUES ('Тест', 'Гонка', '+79990000002', 'r@example.ru', 'x') RETURNING id`).Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- audit.Append(ctx, db, audit.Entry{AccountID: id, Kind: shared.JournalLogin, Details: map[string]string{"i": fmt.Sprint(i)}})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if br, err := audit.Verify(ctx, db, id); err != nil || br != nil {
		t.Fatalf("chain after concurrent appends: %+v, %v", br, err)
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
