package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"kabinet/server/dbtest"
	"kabinet/server/jobs"
)

func TestScheduleMoments(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	m := jobs.Monthly{Day: 12, Loc: msk}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, msk)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		now, prev, next string
	}{
		{"2026-12-02 10:00", "2026-11-12 00:00", "2026-12-12 00:00"},
		{"2026-12-12 00:00", "2026-12-12 00:00", "2027-01-12 00:00"},
		{"2026-01-05 00:00", "2025-12-12 00:00", "2026-01-12 00:00"},
	} {
		if p, n := m.Prev(at(c.now)), m.Next(at(c.now)); !p.Equal(at(c.prev)) || !n.Equal(at(c.next)) {
			t.Errorf("monthly at %s: prev %s next %s, want %s and %s", c.now, p, n, c.prev, c.next)
		}
	}
	d := jobs.Daily{Hour: 1, Minute: 30, Loc: msk}
	if p, n := d.Prev(at("2026-12-31 01:00")), d.Next(at("2026-12-31 01:00")); !p.Equal(at("2026-12-30 01:30")) || !n.Equal(at("2026-12-31 01:30")) {
		t.Errorf("daily: prev %s next %s", p, n)
	}
}

// Planning from two processes, twice, makes one job per moment; the past
// moment is ready at once (a run missed while no server was up).
func TestPlanEnqueuesEachMomentOnce(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var ticks []time.Time
	h := func(ctx context.Context, p json.RawMessage) error {
		at, err := jobs.TickOf(p)
		ticks = append(ticks, at)
		return err
	}
	msk := time.FixedZone("MSK", 3*3600)
	a, b := jobs.New(db, log), jobs.New(db, log)
	a.Every("test.monthly", jobs.Monthly{Day: 12, Loc: msk}, h)
	b.Every("test.monthly", jobs.Monthly{Day: 12, Loc: msk}, h)
	now := time.Now()
	for _, q := range []*jobs.Queue{a, b, a} {
		if err := q.Plan(ctx, now); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.NewRaw("SELECT count(*) FROM jobs WHERE kind = 'test.monthly'").Scan(ctx, &n); err != nil || n != 2 {
		t.Fatalf("jobs planned: %d (%v), want 2 (the last moment and the next)", n, err)
	}
	for {
		ran, err := a.RunOne(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			break
		}
	}
	want := jobs.Monthly{Day: 12, Loc: msk}.Prev(now)
	if len(ticks) != 1 || !ticks[0].Equal(want) {
		t.Fatalf("ran %v, want only the past moment %s", ticks, want)
	}
}
