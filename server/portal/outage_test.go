package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kabinet/migrations"
	"kabinet/server/api"
	"kabinet/server/db"
	"kabinet/server/pgembed"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// When PostgreSQL goes away under a running portal (a restart), requests
// that need it answer 503 unavailable with Retry-After — signed in or not
// — and the portal serves again once the database is back, without a
// restart of its own. The portal runs on a private cluster here: the
// shared one of the test process serves the other tests.
func TestDatabaseOutageAnswers503AndRecovers(t *testing.T) {
	ctx := t.Context()
	e, cluster := onPrivateCluster(t)
	c := e.Client()
	req := person(e, c, "+79120000077", "outage@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, nil)
	c.MustOK("GET", "/me", nil, nil)

	if err := cluster.Halt(ctx); err != nil {
		t.Fatal(err)
	}
	if status, err := c.Do("GET", "/me", nil, nil); status != http.StatusServiceUnavailable ||
		err.Code != shared.CodeUnavailable || err.RetryAfter != api.RetryAfterOutage || err.Message == "" {
		t.Fatalf("signed in, database down: %d %+v", status, err)
	}
	resp, err := http.Get(e.URL + shared.APIPrefix + "/r/0000000000")
	if err != nil {
		t.Fatal(err)
	}
	var body shared.Error
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || body.Code != shared.CodeUnavailable || resp.Header.Get("Retry-After") != "5" {
		t.Fatalf("public page, database down: %d %+v Retry-After %q", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	// The receipt's page, prerendered by the server, says so in words, not
	// with the error's text, and is not a blank page.
	if status, html := fetchPage(t, e.URL+"/r/0000000000", nil); status != http.StatusServiceUnavailable ||
		!strings.Contains(html, "Сервис временно недоступен") || strings.Contains(html, "dial") || strings.Contains(html, "Throttle") {
		t.Fatalf("the receipt page, database down: %d\n%s", status, html)
	}

	if err := cluster.Resume(ctx); err != nil {
		t.Fatal(err)
	}
	// The pool drops the broken connections as it meets them; a client
	// following Retry-After gets through within a few tries.
	for try := 1; ; try++ {
		status, err := c.Do("GET", "/me", nil, nil)
		if err == nil {
			break
		}
		if try == 5 || err.Code != shared.CodeUnavailable {
			t.Fatalf("after the database is back, try %d: %d %+v", try, status, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// onPrivateCluster runs a portal over a migrated database in a PostgreSQL
// cluster of its own, for tests that halt it: the test process's shared
// cluster serves the other tests meanwhile.
func onPrivateCluster(t *testing.T) (*portaltest.Env, *pgembed.Cluster) {
	t.Helper()
	ctx := t.Context()
	cluster, err := pgembed.Start(ctx, pgembed.Config{DataDir: filepath.Join(t.TempDir(), "data")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cluster.Stop(context.Background()) })
	bdb, err := db.Open(ctx, cluster.DSN("postgres"), db.WithMaxOpenConns(4))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bdb.Close() })
	if _, err := db.Up(ctx, bdb, migrations.FS); err != nil {
		t.Fatal(err)
	}
	return portaltest.StartOn(t, fakeWeb(t), bdb, nil), cluster
}
