package portal_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

// pgStats is what PostgreSQL did during one measured run of TestLoad,
// from pg_stat_statements and the cumulative statistics views. It is on
// when KABINET_LOAD_PGSS is set: the product's cluster is then restarted
// once with the module preloaded (it costs a little CPU per statement, so
// the default report runs without it).
type pgStats struct {
	db *bun.DB
}

// withPgStats restarts p's cluster with pg_stat_statements preloaded
// (ALTER SYSTEM, then the server stopped and started again on the same
// DATA_DIR) when KABINET_LOAD_PGSS is set; nil otherwise.
func (p *product) withPgStats(t *testing.T) (*product, *pgStats) {
	if os.Getenv("KABINET_LOAD_PGSS") == "" {
		return p, nil
	}
	super := p.superDB(t)
	if _, err := super.ExecContext(context.Background(), "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"); err != nil {
		t.Fatal(err)
	}
	super.Close()
	p.stop(t)
	p = startProductIn(t, p.dir)
	super = p.superDB(t)
	// The module's settings exist once it is loaded.
	for _, q := range []string{
		"CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
		"ALTER SYSTEM SET pg_stat_statements.track = 'all'",
		"ALTER SYSTEM SET pg_stat_statements.track_planning = on",
		"ALTER SYSTEM SET track_io_timing = on",
		"SELECT pg_reload_conf()",
	} {
		if _, err := super.ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	return p, &pgStats{db: super}
}

// reset zeroes the counters before a run.
func (s *pgStats) reset(t *testing.T) {
	if s == nil {
		return
	}
	for _, q := range []string{"SELECT pg_stat_statements_reset()", "SELECT pg_stat_reset_shared('wal')",
		"SELECT pg_stat_reset()", "SELECT pg_stat_reset_shared('bgwriter')"} {
		if _, err := s.db.ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// report prints, per operation of a run of n operations, each statement's
// calls, time, rows, blocks and WAL; the WAL and the commits as a whole;
// the tables' row changes and scans; and the indexes' use.
func (s *pgStats) report(t *testing.T, out io.Writer, n int) {
	if s == nil {
		return
	}
	ctx := context.Background()
	// Let the statistics of the last transactions reach the views.
	time.Sleep(1500 * time.Millisecond)
	var rows []struct {
		Query   string  `bun:"query"`
		Calls   int64   `bun:"calls"`
		Plan    float64 `bun:"plan"`
		Total   float64 `bun:"total"`
		Mean    float64 `bun:"mean"`
		Rows    int64   `bun:"rows"`
		Hit     int64   `bun:"hit"`
		Read    int64   `bun:"read"`
		Dirtied int64   `bun:"dirtied"`
		WalRecs int64   `bun:"wal_records"`
		WalFPI  int64   `bun:"wal_fpi"`
		WalB    int64   `bun:"wal_bytes"`
	}
	err := s.db.NewRaw(`SELECT query, calls, total_plan_time AS plan, total_exec_time + total_plan_time AS total, mean_exec_time AS mean, rows,
			shared_blks_hit AS hit, shared_blks_read AS read, shared_blks_dirtied AS dirtied,
			wal_records, wal_fpi, wal_bytes
		FROM pg_stat_statements WHERE calls >= ? ORDER BY total_exec_time + total_plan_time DESC LIMIT 30`, max(n/20, 1)).Scan(ctx, &rows)
	if err != nil {
		t.Fatal(err)
	}
	per := func(v int64) float64 { return float64(v) / float64(n) }
	fmt.Fprintf(out, "  PostgreSQL per operation (%d), by pg_stat_statements:\n", n)
	fmt.Fprintf(out, "  %6s %8s %8s %8s %6s %7s %6s %6s %6s %8s  %s\n", "calls", "exec/call", "plan/op", "ms/op", "rows", "blk hit", "read", "dirty", "walrec", "walbytes", "statement")
	var sumMs, sumWal float64
	for _, r := range rows {
		q := strings.Join(strings.Fields(r.Query), " ")
		if len(q) > 110 {
			q = q[:110]
		}
		sumMs += r.Total / float64(n)
		sumWal += per(r.WalB)
		fmt.Fprintf(out, "  %6.2f %8.3f %8.3f %8.3f %6.2f %7.1f %6.2f %6.2f %6.2f %8.0f  %s\n", per(r.Calls), r.Mean, r.Plan/float64(n), r.Total/float64(n), per(r.Rows),
			per(r.Hit), per(r.Read), per(r.Dirtied), per(r.WalRecs), per(r.WalB), q)
	}
	fmt.Fprintf(out, "  statements above: %.3f ms, %.0f WAL bytes per operation\n", sumMs, sumWal)
	var wal struct {
		Records int64   `bun:"wal_records"`
		FPI     int64   `bun:"wal_fpi"`
		Bytes   int64   `bun:"wal_bytes"`
		Writes  int64   `bun:"wal_write"`
		Syncs   int64   `bun:"wal_sync"`
		SyncMs  float64 `bun:"wal_sync_time"`
		Commits int64   `bun:"commits"`
	}
	err = s.db.NewRaw(`SELECT wal_records, wal_fpi, wal_bytes, wal_write, wal_sync, wal_sync_time,
			(SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits FROM pg_stat_wal`).Scan(ctx, &wal)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(out, "  WAL per operation: %.1f records, %.2f full pages, %.0f bytes, %.2f writes, %.2f syncs (%.3f ms); %.2f commits\n",
		per(wal.Records), per(wal.FPI), per(wal.Bytes), per(wal.Writes), per(wal.Syncs), wal.SyncMs/float64(n), per(wal.Commits))
	var tables []struct {
		Name     string `bun:"relname"`
		Seq      int64  `bun:"seq_scan"`
		SeqTup   int64  `bun:"seq_tup_read"`
		Idx      int64  `bun:"idx_scan"`
		Ins      int64  `bun:"n_tup_ins"`
		Upd      int64  `bun:"n_tup_upd"`
		HotUpd   int64  `bun:"n_tup_hot_upd"`
		Del      int64  `bun:"n_tup_del"`
		Live     int64  `bun:"n_live_tup"`
		Dead     int64  `bun:"n_dead_tup"`
		Vacuums  int64  `bun:"vacuums"`
		Analyzes int64  `bun:"analyzes"`
	}
	err = s.db.NewRaw(`SELECT relname, coalesce(seq_scan, 0) AS seq_scan, coalesce(seq_tup_read, 0) AS seq_tup_read,
			coalesce(idx_scan, 0) AS idx_scan, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_live_tup, n_dead_tup,
			autovacuum_count AS vacuums, autoanalyze_count AS analyzes
		FROM pg_stat_user_tables WHERE seq_scan + coalesce(idx_scan, 0) + n_tup_ins + n_tup_upd + n_tup_del > 0
		ORDER BY relname`).Scan(ctx, &tables)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(out, "  %-22s %6s %8s %6s %6s %6s %6s %6s %7s %6s %s\n", "table, per operation", "seq", "seq tup", "idx", "ins", "upd", "hot", "del", "live", "dead", "autovacuum/analyze")
	for _, r := range tables {
		fmt.Fprintf(out, "  %-22s %6.2f %8.1f %6.2f %6.2f %6.2f %6.2f %6.2f %7d %6d %d/%d\n", r.Name, per(r.Seq), per(r.SeqTup), per(r.Idx),
			per(r.Ins), per(r.Upd), per(r.HotUpd), per(r.Del), r.Live, r.Dead, r.Vacuums, r.Analyzes)
	}
	var idx []struct {
		Table string `bun:"relname"`
		Index string `bun:"indexrelname"`
		Scans int64  `bun:"idx_scan"`
		Size  int64  `bun:"size"`
	}
	err = s.db.NewRaw(`SELECT relname, indexrelname, idx_scan, pg_relation_size(indexrelid) AS size FROM pg_stat_user_indexes
		WHERE relname IN (SELECT relname FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0)
		ORDER BY relname, indexrelname`).Scan(ctx, &idx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(out, "  indexes of the written tables (scans per operation, size):")
	for _, r := range idx {
		fmt.Fprintf(out, " %s %.2f %dkB;", r.Index, per(r.Scans), r.Size>>10)
	}
	fmt.Fprintln(out)
}
