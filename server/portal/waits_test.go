package portal_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"kabinet/shared"
)

// A session holds at most four waits for sign-in approvals at once (its
// tabs share the browser's six connections): the fifth is refused with a
// time to ask again. A wait whose client went ends within a couple of
// seconds, not at the end of the wait, and its place is free again.
func TestApprovalWaitsPerSession(t *testing.T) {
	e := start(t, nil)
	p := e.ConfirmedPerson(1)
	wait := func(ctx context.Context) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, "POST", e.URL+shared.APIPrefix+"/me/approvals/wait",
			bytes.NewReader([]byte(`{"seen":[]}`)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", e.URL)
		req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
		return p.HTTP.Do(req)
	}
	waiting := func(n int, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for e.P.Auth.Waiting() != n {
			if time.Now().After(deadline) {
				t.Fatalf("%d waits held, want %d", e.P.Auth.Waiting(), n)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	ctx, leave := context.WithCancel(context.Background())
	for range 4 {
		go func() {
			if res, err := wait(ctx); err == nil {
				res.Body.Close()
			}
		}()
	}
	waiting(4, 5*time.Second)
	var e5 shared.Error
	if status, err := p.Do("POST", "/me/approvals/wait", shared.ApprovalsWaitRequest{Seen: []string{}}, nil); err == nil {
		t.Fatalf("a fifth wait was held: %d", status)
	} else if e5 = *err; e5.Code != shared.CodeRateLimited || status != http.StatusTooManyRequests || e5.RetryAfter <= 0 {
		t.Fatalf("the fifth wait: %d %+v", status, e5)
	}

	leave() // the pages went: their connections close
	waiting(0, 3*time.Second)
	quick, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := wait(quick); err == nil {
		t.Fatal("a wait answered at once with nothing changed")
	}
}
