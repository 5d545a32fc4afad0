package db_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/uptrace/bun"

	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// migrationsFS builds a migration directory from name → up/down scripts.
func migrationsFS(scripts map[string][2]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, s := range scripts {
		fsys[name+".up.sql"] = &fstest.MapFile{Data: []byte(s[0])}
		fsys[name+".down.sql"] = &fstest.MapFile{Data: []byte(s[1])}
	}
	return fsys
}

// sample has a $$-quoted function body with semicolons and a '?' operator
// (which bun would take for a placeholder), a file with a row-returning
// statement, and a comment-only down file.
var sample = migrationsFS(map[string][2]string{
	"20260101000000_people": {
		`-- People and their tags.
CREATE TABLE people (id int PRIMARY KEY, tags jsonb NOT NULL DEFAULT '{}');
CREATE FUNCTION has_tag(t jsonb, k text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RETURN t ? k;
END;
$$;`,
		`DROP FUNCTION has_tag(jsonb, text); DROP TABLE people;`,
	},
	"20260102000000_seed": {
		`INSERT INTO people VALUES (1, '{"admin": true}');
SELECT set_config('application_name', 'seeding', true);
INSERT INTO people VALUES (2, '{}');`,
		`DELETE FROM people WHERE id IN (1, 2);`,
	},
	"20260103000000_noop": {
		`SELECT 1`,
		`-- Nothing to undo.`,
	},
})

var (
	people = db.Migration{Version: 20260101000000, Name: "people"}
	seed   = db.Migration{Version: 20260102000000, Name: "seed"}
	noop   = db.Migration{Version: 20260103000000, Name: "noop"}
)

func openEmpty(t *testing.T) *bun.DB {
	t.Helper()
	bdb, err := db.Open(t.Context(), dbtest.NewEmptyDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bdb.Close() })
	return bdb
}

func wantStatus(t *testing.T, bdb *bun.DB, fsys fstest.MapFS, want db.MigrationStatus) {
	t.Helper()
	got, err := db.Status(t.Context(), bdb, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Status (-want +got):\n%s", diff)
	}
}

func wantMigrations(t *testing.T, op string, got []db.Migration, err error, want ...db.Migration) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s (-want +got):\n%s", op, diff)
	}
}

func exists(t *testing.T, bdb *bun.DB, table string) bool {
	t.Helper()
	var ok bool
	if err := bdb.QueryRowContext(t.Context(), `SELECT to_regclass(?) IS NOT NULL`, table).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestUpStatusDown(t *testing.T) {
	ctx := t.Context()
	bdb := openEmpty(t)

	wantStatus(t, bdb, sample, db.MigrationStatus{Pending: []db.Migration{people, seed, noop}})
	if err := db.EnsureCurrent(ctx, bdb, sample); !errors.Is(err, db.ErrSchemaBehind) {
		t.Errorf("EnsureCurrent on an empty database = %v, want ErrSchemaBehind", err)
	}

	done, err := db.Up(ctx, bdb, sample)
	wantMigrations(t, "Up", done, err, people, seed, noop)
	wantStatus(t, bdb, sample, db.MigrationStatus{Applied: []db.Migration{people, seed, noop}})
	if err := db.EnsureCurrent(ctx, bdb, sample); err != nil {
		t.Errorf("EnsureCurrent after Up: %v", err)
	}
	var admins int
	if err := bdb.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE has_tag(tags, 'admin')`).Scan(&admins); err != nil {
		t.Fatal(err)
	}
	if admins != 1 {
		t.Errorf("admins = %d, want 1", admins)
	}

	done, err = db.Up(ctx, bdb, sample)
	wantMigrations(t, "second Up", done, err)

	done, err = db.Down(ctx, bdb, sample, 1)
	wantMigrations(t, "Down(1)", done, err, noop)
	err = db.EnsureCurrent(ctx, bdb, sample)
	if !errors.Is(err, db.ErrSchemaBehind) || !strings.Contains(err.Error(), "20260103000000_noop") {
		t.Errorf("EnsureCurrent after Down(1) = %v, want ErrSchemaBehind naming 20260103000000_noop", err)
	}

	done, err = db.Down(ctx, bdb, sample, 10)
	wantMigrations(t, "Down(10)", done, err, seed, people)
	wantStatus(t, bdb, sample, db.MigrationStatus{Pending: []db.Migration{people, seed, noop}})
	if exists(t, bdb, "people") {
		t.Error("table people survived Down")
	}

	done, err = db.Up(ctx, bdb, sample)
	wantMigrations(t, "Up after Down", done, err, people, seed, noop)
}

// TestDatabaseAhead: migrations applied by a newer binary are reported,
// tolerated by EnsureCurrent, and not rolled back blindly.
func TestDatabaseAhead(t *testing.T) {
	ctx := t.Context()
	bdb := openEmpty(t)
	if _, err := db.Up(ctx, bdb, sample); err != nil {
		t.Fatal(err)
	}
	older := fstest.MapFS{}
	for name, f := range sample {
		if !strings.HasPrefix(name, "20260103000000") {
			older[name] = f
		}
	}
	wantStatus(t, bdb, older, db.MigrationStatus{
		Applied: []db.Migration{people, seed, noop},
		Unknown: []int64{noop.Version},
	})
	if err := db.EnsureCurrent(ctx, bdb, older); err != nil {
		t.Errorf("EnsureCurrent with the database ahead: %v", err)
	}
	if _, err := db.Down(ctx, bdb, older, 2); err == nil || !strings.Contains(err.Error(), "ahead") {
		t.Errorf("Down past an unknown migration = %v, want an error saying the database is ahead", err)
	}
	wantStatus(t, bdb, older, db.MigrationStatus{
		Applied: []db.Migration{people, seed, noop},
		Unknown: []int64{noop.Version},
	})
}

// TestFailingMigration: a failing file leaves nothing of itself behind, and
// the migrations before it stay applied.
func TestFailingMigration(t *testing.T) {
	ctx := t.Context()
	bdb := openEmpty(t)
	fsys := migrationsFS(map[string][2]string{
		"20260101000000_first": {`CREATE TABLE first (id int);`, `DROP TABLE first;`},
		"20260102000000_broken": {
			`CREATE TABLE second (id int); INSERT INTO second VALUES (1); SELECT no_such_function();`,
			`DROP TABLE second;`,
		},
		"20260103000000_third": {`CREATE TABLE third (id int);`, `DROP TABLE third;`},
	})
	first := db.Migration{Version: 20260101000000, Name: "first"}
	broken := db.Migration{Version: 20260102000000, Name: "broken"}
	third := db.Migration{Version: 20260103000000, Name: "third"}

	done, err := db.Up(ctx, bdb, fsys)
	if err == nil || !strings.Contains(err.Error(), "20260102000000_broken") || !strings.Contains(err.Error(), "no_such_function") {
		t.Errorf("Up error = %v, want one naming the migration and the cause", err)
	}
	if diff := cmp.Diff([]db.Migration{first}, done); diff != "" {
		t.Errorf("applied before the failure (-want +got):\n%s", diff)
	}
	for table, want := range map[string]bool{"first": true, "second": false, "third": false} {
		if got := exists(t, bdb, table); got != want {
			t.Errorf("table %s exists = %v, want %v", table, got, want)
		}
	}
	wantStatus(t, bdb, fsys, db.MigrationStatus{Applied: []db.Migration{first}, Pending: []db.Migration{broken, third}})

	// The connection that ran the failure went back to the pool usable.
	var one int
	if err := bdb.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		t.Errorf("query after a failed migration: %v", err)
	}
}

// TestConcurrentUp: two processes (two pools) migrating at once apply each
// migration exactly once; a second application would fail on CREATE TABLE.
func TestConcurrentUp(t *testing.T) {
	dsn := dbtest.NewEmptyDSN(t)
	fsys := migrationsFS(map[string][2]string{
		"20260101000000_slow": {`CREATE TABLE slow (id int); SELECT pg_sleep(0.3);`, `DROP TABLE slow;`},
		"20260102000000_next": {`CREATE TABLE next (id int);`, `DROP TABLE next;`},
	})
	const workers = 3
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied []db.Migration
		start   = make(chan struct{})
	)
	for i := range workers {
		bdb, err := db.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { bdb.Close() })
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			done, err := db.Up(context.Background(), bdb, fsys)
			if err != nil {
				t.Errorf("worker %d: %v", i, err)
			}
			mu.Lock()
			applied = append(applied, done...)
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if len(applied) != 2 {
		t.Errorf("migrations applied across workers = %v, want each of the 2 once", applied)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, dsn string
	}{
		{"unparsable", "postgres://%zz"},
		{"bad scheme", "mysql://localhost/x"},
		{"no server", "postgres://postgres@/x?host=/nonexistent/.s.PGSQL.1&sslmode=disable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bdb, err := db.Open(t.Context(), tt.dsn)
			if err == nil {
				bdb.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.HasPrefix(err.Error(), "db.Open") {
				t.Errorf("error %q does not name the operation", err)
			}
		})
	}
}
