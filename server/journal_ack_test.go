package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/server/audit"
	"kabinet/server/audit/audittest"
	"kabinet/server/db"
	"kabinet/server/dbtest"
	"kabinet/shared"
)

// `journal acknowledge` records that an operator has looked at a recorded
// break: refused without --by, for another row, and a second time; the
// break itself stays (verify still fails), and the acknowledgement is on
// the system chain.
func TestJournalAcknowledgeCommand(t *testing.T) {
	getenv, database, id, ids := commandJournal(t, 2)
	first := ids[0]
	audittest.Tamper(t, database, func() {
		audittest.Exec(t, database, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", first)
	})
	var out, logs bytes.Buffer
	if err := run(t.Context(), []string{"journal", "verify"}, getenv, &out, &logs); exitStatus(err, io.Discard) != 1 {
		t.Fatalf("verify of a broken journal: %v\n%s", err, out.String())
	}
	entry := strconv.FormatInt(first, 10)
	for _, tc := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"journal", "acknowledge", id, entry}, 2, ""},
		{[]string{"journal", "acknowledge", "--by", "Оператор Петров", id, strconv.FormatInt(first+1, 10)}, 1, ""},
		{[]string{"journal", "acknowledge", "--by", "Оператор Петров", "--note", "проверено", id, entry}, 0,
			"acknowledged " + id + ": entry " + entry + " (changed), by Оператор Петров; 0 unacknowledged break(s) left"},
		{[]string{"journal", "acknowledge", "--by", "Оператор Петров", id, entry}, 1, ""},
	} {
		out.Reset()
		err := run(t.Context(), tc.args, getenv, &out, &logs)
		if st := exitStatus(err, io.Discard); st != tc.status || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: exit %d (%v), want %d\n%s", tc.args, st, err, tc.status, out.String())
		}
	}
	out.Reset()
	if err := run(t.Context(), []string{"journal", "verify"}, getenv, &out, &logs); exitStatus(err, io.Discard) != 1 ||
		!strings.Contains(out.String(), "BROKEN  "+id) || !strings.Contains(out.String(), ", acknowledged by Оператор Петров") {
		t.Errorf("the acknowledged break is no longer recorded, or not as acknowledged: %v\n%s", err, out.String())
	}
	var by string
	if err := database.NewRaw("SELECT details->>'by' FROM journal WHERE account_id IS NULL AND kind = ?", shared.JournalBreakAcknowledged).
		Scan(t.Context(), &by); err != nil || by != "Оператор Петров" {
		t.Errorf("the acknowledgement's journal entry: %q %v", by, err)
	}
}

// commandJournal is a fresh database for the journal commands, with an
// account whose chain has n entries (ids, in order), and the command's
// environment for it.
func commandJournal(t *testing.T, n int) (getenv func(string) (string, bool), database *bun.DB, id string, ids []int64) {
	t.Helper()
	dsn := dbtest.NewDSN(t)
	env := map[string]string{"DATABASE_URL": dsn, "DATA_DIR": filepath.Join(t.TempDir(), "pgdata"), "SEED": "false", "JOURNAL_KEY": strings.Repeat("ab", audit.KeySize),
		"JOURNAL_ANCHOR_FILE": filepath.Join(t.TempDir(), "journal.anchor")}
	database, err := db.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { database.Close() })
	if err := database.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash)
		VALUES ('Тест', 'Команда', '+79990000009', 'cmd@example.ru', 'x') RETURNING id`).Scan(t.Context(), &id); err != nil {
		t.Fatal(err)
	}
	j, _ := audit.New(bytes.Repeat([]byte{0xab}, audit.KeySize))
	for range n {
		if err := j.Append(t.Context(), database, audit.Entry{AccountID: id, Kind: shared.JournalLogin, IP: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := database.NewRaw("SELECT id FROM journal WHERE account_id = ? ORDER BY id", id).Scan(t.Context(), &ids); err != nil {
		t.Fatal(err)
	}
	return lookup(env), database, id, ids
}

// The end of a chain removed together with the chain's check record
// leaves the chain intact in its own eyes; `journal verify` finds it by
// the anchor file, names the highest entry it had counted, and `journal
// acknowledge anchor ENTRY` takes it as for any chain.
func TestJournalVerifyFindsARemovedTailByTheAnchor(t *testing.T) {
	getenv, database, id, ids := commandJournal(t, 3)
	var out, logs bytes.Buffer
	if err := run(t.Context(), []string{"journal", "verify"}, getenv, &out, &logs); err != nil ||
		!strings.Contains(out.String(), "all 3 entries it counted are there") {
		t.Fatalf("intact journal: %v\n%s", err, out.String())
	}
	audittest.Tamper(t, database, func() { audittest.Exec(t, database, "DELETE FROM journal WHERE id = ?", ids[2]) })
	audittest.Exec(t, database, "DELETE FROM journal_checks WHERE chain = ?", id)
	out.Reset()
	err := run(t.Context(), []string{"journal", "verify"}, getenv, &out, &logs)
	entry := strconv.FormatInt(ids[2], 10)
	var anchor string
	if err := database.NewRaw("SELECT chain FROM journal_checks WHERE chain LIKE 'anchor:%'").Scan(t.Context(), &anchor); err != nil {
		t.Fatal(err)
	}
	if st := exitStatus(err, io.Discard); st != 1 || !strings.Contains(out.String(), "1 intact, 0 broken") ||
		!strings.Contains(out.String(), "BROKEN  "+anchor+": entry "+entry+" (removed)") {
		t.Fatalf("exit %d, %v\n%s", st, err, out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"journal", "acknowledge", "--by", "Оператор Петров", anchor, entry}, getenv, &out, &logs); err != nil ||
		!strings.Contains(out.String(), "0 unacknowledged break(s) left") {
		t.Errorf("acknowledging the anchor's break: %v\n%s", err, out.String())
	}
}
