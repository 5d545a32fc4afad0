package auth

import (
	"io/fs"
	"testing"

	"kabinet/migrations"
	kdb "kabinet/server/db"
	"kabinet/server/dbtest"
)

// The migration passkey_state moves each passkey's sign count, flags and
// last use into passkey_state, and its down migration moves them back:
// a sign count lost on the way would let a cloned key in.
func TestPasskeyStateMigration(t *testing.T) {
	ctx := t.Context()
	db := dbtest.NewDB(t)
	// Back to just before passkey_state (and whatever came after it).
	steps := 0
	ups, _ := fs.Glob(migrations.FS, "*.up.sql")
	for _, f := range ups {
		if f >= "20261206233000" {
			steps++
		}
	}
	if _, err := kdb.Down(ctx, db, migrations.FS, steps); err != nil {
		t.Fatal(err)
	}
	var accountID string
	if err := db.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash)
		VALUES ('Тестова', 'Анна', '+79120000998', 'state@example.ru', 'x') RETURNING id`).Scan(ctx, &accountID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewRaw(`INSERT INTO passkeys (id, account_id, name, public_key, sign_count, user_verified, backup_eligible, backup_state, record, last_used_at)
		VALUES ('\x0102', ?, 'Телефон', '\x00', 41, true, true, false, '{}', '2026-12-01T10:00:00Z')`, accountID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	const want = "41 t t f 2026-12-01 10:00:00+00"
	read := func(table, key string) string {
		t.Helper()
		var got string
		if err := db.NewRaw(`SELECT concat_ws(' ', sign_count, user_verified, backup_eligible, backup_state, last_used_at AT TIME ZONE 'UTC' || '+00')
			FROM `+table+` WHERE `+key+` = '\x0102'`).Scan(ctx, &got); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		return got
	}
	if _, err := kdb.Up(ctx, db, migrations.FS); err != nil {
		t.Fatal(err)
	}
	if got := read("passkey_state", "passkey_id"); got != want {
		t.Errorf("up: passkey_state has %q, want %q", got, want)
	}
	if _, err := kdb.Down(ctx, db, migrations.FS, steps); err != nil {
		t.Fatal(err)
	}
	if got := read("passkeys", "id"); got != want {
		t.Errorf("down: passkeys has %q, want %q", got, want)
	}
}
