package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Schedule says when a recurring job runs: Prev is the last run at or
// before t, Next the first after it.
type Schedule interface {
	Prev(t time.Time) time.Time
	Next(t time.Time) time.Time
}

// Monthly runs on a day of every month at a time of day in loc.
type Monthly struct {
	Day, Hour, Minute int
	Loc               *time.Location
}

func (m Monthly) at(y int, mo time.Month) time.Time {
	return time.Date(y, mo, m.Day, m.Hour, m.Minute, 0, 0, m.Loc)
}

// Prev is the run at or before t.
func (m Monthly) Prev(t time.Time) time.Time {
	l := t.In(m.Loc)
	r := m.at(l.Year(), l.Month())
	if r.After(t) {
		r = m.at(l.Year(), l.Month()-1)
	}
	return r
}

// Next is the run after t.
func (m Monthly) Next(t time.Time) time.Time {
	l := t.In(m.Loc)
	r := m.at(l.Year(), l.Month())
	if !r.After(t) {
		r = m.at(l.Year(), l.Month()+1)
	}
	return r
}

// Daily runs every day at a time of day in loc.
type Daily struct {
	Hour, Minute int
	Loc          *time.Location
}

func (d Daily) at(t time.Time, addDays int) time.Time {
	l := t.In(d.Loc)
	return time.Date(l.Year(), l.Month(), l.Day()+addDays, d.Hour, d.Minute, 0, 0, d.Loc)
}

// Prev is the run at or before t.
func (d Daily) Prev(t time.Time) time.Time {
	if r := d.at(t, 0); !r.After(t) {
		return r
	}
	return d.at(t, -1)
}

// Next is the run after t.
func (d Daily) Next(t time.Time) time.Time {
	if r := d.at(t, 0); r.After(t) {
		return r
	}
	return d.at(t, 1)
}

// Interval runs every Every, at whole multiples of it since the Unix epoch
// (every 15 minutes: at :00, :15, :30 and :45).
type Interval struct {
	Every time.Duration
}

// Prev is the run at or before t.
func (i Interval) Prev(t time.Time) time.Time { return t.Truncate(i.Every) }

// Next is the run after t.
func (i Interval) Next(t time.Time) time.Time { return t.Truncate(i.Every).Add(i.Every) }

// Tick is the payload of a recurring job: the moment it was due.
type Tick struct {
	At time.Time `json:"at"`
}

// TickOf reads a recurring job's payload.
func TickOf(payload json.RawMessage) (time.Time, error) {
	var t Tick
	if err := json.Unmarshal(payload, &t); err != nil || t.At.IsZero() {
		return time.Time{}, fmt.Errorf("jobs: bad tick %s", payload)
	}
	return t.At, nil
}

type recurring struct {
	kind  string
	sched Schedule
}

// Every makes kind a recurring job: h runs once for every moment of the
// schedule, with a Tick payload. Each moment is enqueued under a dedup key
// by every server process, so it runs once however many there are, and
// the last moment before now is enqueued too, so a run that fell while no
// server was up happens at the next start. Handlers must still be
// idempotent: a job that failed half-way is retried.
func (q *Queue) Every(kind string, s Schedule, h Handler) {
	q.Register(kind, h)
	q.recurring = append(q.recurring, recurring{kind: kind, sched: s})
}

// Plan enqueues the last and the next moment of every recurring job.
func (q *Queue) Plan(ctx context.Context, now time.Time) error {
	for _, r := range q.recurring {
		for _, at := range []time.Time{r.sched.Prev(now), r.sched.Next(now)} {
			key := r.kind + "@" + at.UTC().Format(time.RFC3339)
			if err := Enqueue(ctx, q.db, r.kind, Tick{At: at}, At(at), Dedup(key)); err != nil {
				return err
			}
		}
	}
	return nil
}
