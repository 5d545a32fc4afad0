package main

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// The profiler answers on ADMIN_ADDR only: the public port knows no
// /debug/pprof, and the admin port serves nothing of the portal.
func TestProfilerOnTheAdminAddressOnly(t *testing.T) {
	admin := "http://" + freeAddr(t)
	srv := startServer(t, buildBinary(t), "ADMIN_ADDR="+strings.TrimPrefix(admin, "http://"))
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatalf("GET %s: %v\n%s", url, err, srv.logs.String())
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := get(admin + "/debug/pprof/"); status != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Fatalf("ADMIN_ADDR /debug/pprof/: %d", status)
	}
	if status, _ := get(admin + "/debug/pprof/cmdline"); status != http.StatusOK {
		t.Errorf("ADMIN_ADDR /debug/pprof/cmdline: %d", status)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/cmdline", "/debug/pprof/profile?seconds=1"} {
		if status, _ := get(srv.base + path); status != http.StatusNotFound {
			t.Errorf("public %s: %d, want 404", path, status)
		}
	}
	for _, path := range []string{"/api/v1/health", "/login", "/metrics"} {
		if status, _ := get(admin + path); status != http.StatusNotFound {
			t.Errorf("ADMIN_ADDR %s: %d, want 404", path, status)
		}
	}
}

// An empty ADMIN_ADDR (what ADMIN_ADDR= and ADMIN_ADDR=off become) starts
// no listener.
func TestNoProfilerWhenAdminAddrIsEmpty(t *testing.T) {
	if srv := serveAdmin("", slog.New(slog.DiscardHandler)); srv != nil {
		srv.Close()
		t.Fatal("an empty ADMIN_ADDR started a profiler")
	}
}
