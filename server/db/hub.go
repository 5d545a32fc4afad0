package db

import (
	"context"
	"log/slog"
	"sync"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// Hub wakes the goroutines of this process that wait for something another
// process (or this one) changed: a QR sign-in approved on the phone, say.
// The change NOTIFYs a PostgreSQL channel with a key in its transaction
// (Wake), so the wake-up is sent only if the change commits; every
// process LISTENs once and passes it to the waiters of that key. A waiter
// always re-reads the state it waits for after waking: the notification
// says "look", never what happened.
type Hub struct {
	db      *bun.DB
	log     *slog.Logger
	channel string

	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{}

	stopping chan struct{} // closed by Stop
	stopOnce sync.Once
}

// NewHub returns a hub for the PostgreSQL channel; call Run.
func NewHub(db *bun.DB, log *slog.Logger, channel string) *Hub {
	return &Hub{db: db, log: log, channel: channel, subs: map[string]map[chan struct{}]struct{}{},
		stopping: make(chan struct{})}
}

// Stop tells every waiter, now and later, that the server is stopping.
// The waiters are long polls: fasthttp does not cancel a handler's
// context on shutdown, so without this a poll held its connection (and
// the whole stop) for up to its full wait.
func (h *Hub) Stop() { h.stopOnce.Do(func() { close(h.stopping) }) }

// Stopping is closed once Stop is called; a waiter selects on it next to
// its subscription and answers at once.
func (h *Hub) Stopping() <-chan struct{} { return h.stopping }

// Run listens until ctx ends. The driver reconnects a broken listening
// connection by itself; notifications sent meanwhile are lost, which
// waiters survive because they also re-read on a timer.
func (h *Hub) Run(ctx context.Context) {
	ln := pgdriver.NewListener(h.db)
	defer ln.Close()
	if err := ln.Listen(ctx, h.channel); err != nil {
		h.log.Error("hub: listen", "channel", h.channel, "err", err)
		return
	}
	ch := ln.Channel()
	for {
		select {
		case <-ctx.Done():
			return
		case n, ok := <-ch:
			if !ok {
				return
			}
			h.wake(n.Payload)
		}
	}
}

func (h *Hub) wake(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs[key] {
		select {
		case c <- struct{}{}:
		default: // already woken, not yet read
		}
	}
}

// Subscribe returns a channel that receives when key is woken, and the
// function that ends the subscription.
func (h *Hub) Subscribe(key string) (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[key] == nil {
		h.subs[key] = map[chan struct{}]struct{}{}
	}
	h.subs[key][c] = struct{}{}
	h.mu.Unlock()
	return c, func() {
		h.mu.Lock()
		delete(h.subs[key], c)
		if len(h.subs[key]) == 0 {
			delete(h.subs, key)
		}
		h.mu.Unlock()
	}
}

// Wake notifies every process's waiters of key when db's transaction
// commits (at once outside a transaction).
func (h *Hub) Wake(ctx context.Context, db bun.IDB, key string) error {
	_, err := db.ExecContext(ctx, "SELECT pg_notify(?, ?)", h.channel, key)
	return err
}
