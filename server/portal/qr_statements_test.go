package portal_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/shared"
)

// The polls of a QR sign-in read one row each and write nothing: the
// screen's wait is one SELECT of the ticket, a kiosk's adds the SELECT
// that recognises the kiosk (its last-seen time is written once a minute,
// not on every poll), and the phone's wait for approvals is the session's
// SELECT and the list's.
func TestQRPollStatements(t *testing.T) {
	var hook statements
	e := startQuiet(t, dbtest.NewDB(t).WithQueryHook(&hook), func(c *config.Config) {})
	e.SeedDemo()
	op := e.Client()
	op.SignInDemo("operator@example.ru")
	var reg shared.KioskRegistered
	op.MustOK("POST", "/office/kiosks", shared.KioskRequest{Name: "Терминал №1", Centre: "МФЦ", Address: "Москва, ул. Тверская, 8"}, &reg)

	want := func(what string, n int, seen []string) {
		t.Helper()
		if len(seen) != n {
			t.Errorf("%s made %d statements, want %d:\n%q", what, len(seen), n, seen)
		}
		for _, q := range seen {
			if !isRead(q) {
				t.Errorf("%s ran %q", what, q)
			}
		}
	}
	for name, hdr := range map[string]http.Header{"a browser": nil, "a kiosk": {shared.KioskHeader: {reg.Secret}}} {
		c := e.Client()
		c.Header = hdr
		scr := showQR(t, c) // a kiosk's first request: its last-seen time
		for i := range 2 {
			seen := hook.during(func() {
				if st, _ := scr.wait(""); st.Status != shared.QRPending {
					t.Fatalf("%s: the poll says %+v", name, st)
				}
			})
			want(name+"'s poll "+string(rune('1'+i)), map[bool]int{false: 1, true: 2}[hdr != nil], seen)
		}
	}

	// A minute after the kiosk was last heard of, its poll writes the time.
	if _, err := e.DB.ExecContext(t.Context(), "UPDATE kiosks SET last_seen_at = now() - interval '61 seconds' WHERE id = ?", reg.Kiosk.ID); err != nil {
		t.Fatal(err)
	}
	kiosk := e.Client()
	kiosk.Header = http.Header{shared.KioskHeader: {reg.Secret}}
	// The kiosk's check and its write, then health's own look at the
	// journal's breaks.
	seen := hook.during(func() { kiosk.MustOK("GET", "/health", nil, nil) })
	if len(seen) != 3 || !strings.HasPrefix(seen[1], "UPDATE kiosks SET last_seen_at") {
		t.Errorf("a kiosk's request a minute on: %q", seen)
	}
	var fresh bool
	if err := e.DB.NewRaw("SELECT last_seen_at > now() - interval '5 seconds' FROM kiosks WHERE id = ?", reg.Kiosk.ID).Scan(t.Context(), &fresh); err != nil || !fresh {
		t.Errorf("the kiosk's last-seen time was not written: %v", err)
	}

	phone := e.Client()
	phone.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	for i := range 2 {
		seen := hook.during(func() {
			began := time.Now()
			var l shared.ApprovalList
			phone.MustOK("POST", "/me/approvals/wait", shared.ApprovalsWaitRequest{Seen: []string{"gone"}}, &l)
			if len(l.Items) != 0 || time.Since(began) > 5*time.Second {
				t.Fatalf("approvals %+v after %s", l, time.Since(began))
			}
		})
		want("the phone's poll "+string(rune('1'+i)), 2, seen)
	}
}
