package db_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"kabinet/migrations"
	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// TestTheApplicationRoleCannotUndoTheJournal: after the roles are set up,
// the owner migrates and grants, and the application's role writes rows
// but can neither rewrite the journal nor disable, drop or alter what
// guards it.
func TestTheApplicationRoleCannotUndoTheJournal(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.NewDSN(t)
	u, _ := url.Parse(dsn)
	as := func(role string) string { u.User = url.User(role); return u.String() }
	open := func(role string) *bun.DB {
		d, err := db.Open(ctx, as(role))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	if err := db.EnsureRoles(ctx, open("postgres"), strings.TrimPrefix(u.Path, "/")); err != nil {
		t.Fatal(err)
	}
	owner := open(db.OwnerRole)
	if _, err := db.Up(ctx, owner, migrations.FS); err != nil {
		t.Fatal(err)
	}
	if err := db.GrantApp(ctx, owner, db.AppRole); err != nil {
		t.Fatal(err)
	}
	app := open(db.AppRole)
	var id string
	if err := app.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash)
		VALUES ('Роль', 'Приложения', '+79990000010', 'role@example.ru', 'x') RETURNING id`).Scan(ctx, &id); err != nil {
		t.Fatalf("the application cannot write rows: %v", err)
	}
	if _, err := app.ExecContext(ctx, `INSERT INTO journal (account_id, at, kind, prev_hash, hash)
		VALUES (?, now(), 'test', '\x00', '\x00')`, id); err != nil {
		t.Fatalf("the application cannot append to the journal: %v", err)
	}
	// a sign-in takes the journal chain's lock with a procedure
	if _, err := app.ExecContext(ctx, "CALL journal_lock_chain('journal:test')"); err != nil {
		t.Fatalf("the application cannot take the journal chain's lock: %v", err)
	}
	for _, q := range []string{
		"UPDATE journal SET ip = '203.0.113.9'",
		"DROP PROCEDURE journal_lock_chain(text)",
		"DELETE FROM journal",
		"TRUNCATE journal",
		"ALTER TABLE journal DISABLE TRIGGER USER",
		"ALTER TABLE journal DISABLE TRIGGER journal_no_update",
		"DROP TRIGGER journal_no_update ON journal",
		"DROP TABLE journal",
		"UPDATE journal_legacy SET upto_id = 1000000",
		"DELETE FROM schema_migrations",
	} {
		_, err := app.ExecContext(ctx, q)
		var pgErr pgdriver.Error
		if !errors.As(err, &pgErr) || pgErr.Field('C') != "42501" { // insufficient_privilege
			t.Errorf("%s: %v, want insufficient privilege", q, err)
		}
	}
	// Run twice (every start does): nothing changes, nothing fails.
	if err := db.EnsureRoles(ctx, open("postgres"), strings.TrimPrefix(u.Path, "/")); err != nil {
		t.Fatal(err)
	}
	if err := db.GrantApp(ctx, owner, db.AppRole); err != nil {
		t.Fatal(err)
	}
}
