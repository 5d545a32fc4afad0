package portal_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kabinet/server/portal"
	"kabinet/shared"
)

// fetch GETs url and returns the status and the body.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// /metrics counts requests under the route template, never the URL with
// its ids, with the status sent (an error's too), and shows the pool, the
// job queue and the password hasher's queue.
func TestMetricsCountRequestsByRoute(t *testing.T) {
	e := start(t, nil)
	fetch(t, e.URL+shared.APIPrefix+"/health")
	fetch(t, e.URL+shared.APIPrefix+"/r/0000000000")
	fetch(t, e.URL+"/some/page")
	c := e.Client()
	c.Do("POST", "/login", shared.LoginRequest{Login: "nobody@example.ru", Password: goodPassword}, nil)

	_, body := fetch(t, e.URL+"/metrics")
	for _, want := range []string{
		`kabinet_http_requests_total{method="GET",route="/api/v1/health",status="200"} 1`,
		`kabinet_http_requests_total{method="GET",route="/api/v1/r/:number",status="404"} 1`,
		`kabinet_http_requests_total{method="GET",route="pages",status="404"} 1`,
		`kabinet_http_request_duration_seconds_bucket{method="GET",route="/api/v1/health",status="200",le="+Inf"} 1`,
		`kabinet_http_requests_total{method="POST",route="/api/v1/login",status="401"} 1`,
		"kabinet_argon2_queue_wait_seconds_count",
		"go_sql_in_use_connections", "go_sql_idle_connections", "go_sql_wait_count_total",
		"kabinet_jobs_due ", "kabinet_jobs_oldest_due_age_seconds ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "0000000000") || strings.Contains(body, "/some/page") {
		t.Error("/metrics names a raw URL")
	}
	if t.Failed() {
		for _, l := range strings.Split(body, "\n") {
			if strings.HasPrefix(l, "kabinet_http_requests_total") {
				t.Log(l)
			}
		}
	}
}

// pprof answers on the admin listener only; the public port knows no
// such page.
func TestProfilerOnlyOnTheAdminListener(t *testing.T) {
	e := start(t, nil)
	admin := httptest.NewServer(portal.Admin())
	defer admin.Close()
	if status, body := fetch(t, admin.URL+"/debug/pprof/"); status != 200 || !strings.Contains(body, "goroutine") {
		t.Fatalf("admin /debug/pprof/: %d", status)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/cmdline"} {
		if status, _ := fetch(t, e.URL+path); status != http.StatusNotFound {
			t.Errorf("public %s: %d, want 404", path, status)
		}
	}
}

// /readyz is 200 when the database answers and has every migration, 503
// when a migration is pending or the database is down; /livez stays 200.
// A private cluster, as in the outage test: this one is halted.
func TestReadiness(t *testing.T) {
	ctx := t.Context()
	e, cluster := onPrivateCluster(t)
	want := func(path string, status int, says string) {
		t.Helper()
		if got, body := fetch(t, e.URL+path); got != status || !strings.Contains(body, says) {
			t.Fatalf("%s: %d %q, want %d %q", path, got, body, status, says)
		}
	}
	want("/readyz", 200, "ok")

	// The newest migration forgotten: the schema is behind this binary.
	var version int64
	if err := e.DB.NewRaw("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version").
		Scan(ctx, &version); err != nil {
		t.Fatal(err)
	}
	want("/readyz", 503, "1 migrations pending")
	if _, err := e.DB.ExecContext(ctx, "INSERT INTO schema_migrations (version, name) VALUES (?, 'restored') ON CONFLICT DO NOTHING", version); err != nil {
		t.Fatal(err)
	}
	want("/readyz", 200, "ok")

	if err := cluster.Halt(ctx); err != nil {
		t.Fatal(err)
	}
	want("/readyz", 503, "database unreachable")
	want("/livez", 200, "ok")
	if err := cluster.Resume(ctx); err != nil {
		t.Fatal(err)
	}
}
