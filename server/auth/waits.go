package auth

import (
	"sync"

	"kabinet/shared"
)

// maxWaits is how many long polls one holder (a session, a QR ticket) may
// keep open at once. Every tab of a browser shares its session and the
// browser's six connections to the server: one wait per tab is right,
// and past four, a request of the person's own would queue behind them.
const maxWaits = 4

// waitsRetry is when a wait over the limit may ask again, in seconds.
const waitsRetry = 5

// waits counts the long polls held open, by holder.
type waits struct {
	mu sync.Mutex
	n  map[string]int
}

// hold takes one of the holder's waits, or answers CodeRateLimited when
// it holds maxWaits already; release gives it back.
func (w *waits) hold(holder string) (release func(), err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.n[holder] >= maxWaits {
		return nil, &shared.Error{Code: shared.CodeRateLimited, RetryAfter: waitsRetry}
	}
	if w.n == nil {
		w.n = map[string]int{}
	}
	w.n[holder]++
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.n[holder]--; w.n[holder] <= 0 {
			delete(w.n, holder)
		}
	}, nil
}

// total is the number of long polls held open now.
func (w *waits) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	t := 0
	for _, n := range w.n {
		t += n
	}
	return t
}
