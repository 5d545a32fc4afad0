package dbtest_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"kabinet/migrations"
	"kabinet/server/db"
	"kabinet/server/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestNewDBIsCurrent(t *testing.T) {
	bdb := dbtest.NewDB(t)
	if err := db.EnsureCurrent(t.Context(), bdb, migrations.FS); err != nil {
		t.Errorf("fresh database: %v", err)
	}
}

func TestNewEmptyDSNHasNoMigrations(t *testing.T) {
	bdb, err := db.Open(t.Context(), dbtest.NewEmptyDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	st, err := db.Status(t.Context(), bdb, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Applied) != 0 || len(st.Pending) == 0 {
		t.Errorf("empty database status = %+v, want nothing applied and everything pending", st)
	}
}

// TestParallelDatabasesAreIsolated: parallel tests each get their own
// database; what one writes the others never see.
func TestParallelDatabasesAreIsolated(t *testing.T) {
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			bdb := dbtest.NewDB(t)
			ctx := t.Context()
			if _, err := bdb.ExecContext(ctx, `CREATE TABLE scratch (n int)`); err != nil {
				t.Fatal(err)
			}
			if _, err := bdb.ExecContext(ctx, `INSERT INTO scratch VALUES (?)`, i); err != nil {
				t.Fatal(err)
			}
			var count int
			if err := bdb.QueryRowContext(ctx, `SELECT count(*) FROM scratch`).Scan(&count); err != nil {
				t.Fatal(err)
			}
			if count != 1 {
				t.Errorf("scratch holds %d rows, want 1", count)
			}
		})
	}
}

// TestNewDSNDroppedDespiteOpenConnections: a test that leaves connections
// open does not keep its database alive.
func TestNewDSNDroppedDespiteOpenConnections(t *testing.T) {
	var dsn string
	var leaked interface{ Close() error }
	t.Run("leaky", func(t *testing.T) {
		dsn = dbtest.NewDSN(t)
		bdb, err := db.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		leaked = bdb // deliberately not closed before the test ends
	})
	defer leaked.Close()

	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	other := dbtest.NewDB(t)
	var n int
	if err := other.QueryRowContext(t.Context(), `SELECT count(*) FROM pg_database WHERE datname = ?`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("database %s still exists after its test ended", name)
	}
}

// TestMigrationsRoundTrip: the real migrations roll back completely and
// apply again.
func TestMigrationsRoundTrip(t *testing.T) {
	ctx := t.Context()
	bdb := dbtest.NewDB(t)
	st, err := db.Status(ctx, bdb, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	down, err := db.Down(ctx, bdb, migrations.FS, len(st.Applied))
	if err != nil {
		t.Fatal(err)
	}
	if len(down) != len(st.Applied) {
		t.Errorf("Down rolled back %d migrations, want %d", len(down), len(st.Applied))
	}
	up, err := db.Up(ctx, bdb, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(up) != len(st.Applied) {
		t.Errorf("Up applied %d migrations, want %d", len(up), len(st.Applied))
	}
}
