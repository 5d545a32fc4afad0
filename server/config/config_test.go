package config

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionIdle != 15*time.Minute || c.SessionAbsolute != 12*time.Hour || c.SessionWarn != time.Minute ||
		c.LockoutThreshold != 5 || c.LockoutDuration != 30*time.Minute || c.CodeTTL != 10*time.Minute ||
		c.CodeResend != time.Minute || c.CodeTries != 5 || c.Seed || c.SecureCookies() {
		t.Fatalf("defaults: %+v", c)
	}
	want := []string{"http://127.0.0.1:8080", "http://localhost:8080"}
	if diff := cmp.Diff(want, c.Origins); diff != "" {
		t.Fatalf("origins (-want +got):\n%s", diff)
	}
}

func TestFromEnv(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"PUBLIC_URL": "https://kabinet.example.ru/", "DATABASE_URL": "postgres://x", "ORIGINS": "https://m.example.ru, ",
		"SESSION_IDLE": "2m", "SESSION_WARN": "30s", "DEV": "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Seed || !c.Dev || c.SessionIdle != 2*time.Minute || !c.SecureCookies() || c.PublicURL != "https://kabinet.example.ru" {
		t.Fatalf("parsed: %+v", c)
	}
	if diff := cmp.Diff([]string{"https://kabinet.example.ru", "https://m.example.ru"}, c.Origins); diff != "" {
		t.Fatalf("origins (-want +got):\n%s", diff)
	}
}

func TestRejectsBadValues(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"duration":        {map[string]string{"SESSION_IDLE": "soon"}, "SESSION_IDLE"},
		"bool":            {map[string]string{"DEV": "maybe"}, "DEV"},
		"number":          {map[string]string{"CODE_TRIES": "five"}, "CODE_TRIES"},
		"warn above idle": {map[string]string{"SESSION_IDLE": "1m", "SESSION_WARN": "2m"}, "SESSION_WARN"},
		"idle above life": {map[string]string{"SESSION_IDLE": "13h"}, "SESSION_ABSOLUTE"},
		"relative url":    {map[string]string{"PUBLIC_URL": "kabinet.ru"}, "PUBLIC_URL"},
		"bad proxy":       {map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.0/33"}, `TRUSTED_PROXIES="10.0.0.0/8, 192.168.1.0/33": "192.168.1.0/33"`},
		"proxy name":      {map[string]string{"TRUSTED_PROXIES": "nginx"}, `"nginx" is neither`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := FromEnv(env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %s", err, tc.want)
			}
		})
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"TRUSTED_PROXIES": " 10.0.0.0/8, 127.0.0.1 ,fd00::/8,, 192.168.1.7/24"}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	want := []string{"10.0.0.0/8", "127.0.0.1/32", "fd00::/8", "192.168.1.0/24"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("proxies (-want +got):\n%s", diff)
	}
	if d, _ := FromEnv(env(nil)); len(d.TrustedProxies) != 0 {
		t.Fatalf("trusted by default: %v", d.TrustedProxies)
	}
}

// The help's list is the list FromEnv reads, with the defaults it uses.
func TestVarsAreWhatFromEnvReads(t *testing.T) {
	var read []string
	if _, err := FromEnv(func(k string) (string, bool) { read = append(read, k); return "", false }); err != nil {
		t.Fatal(err)
	}
	var listed []string
	defaults := map[string]string{}
	for _, v := range Vars() {
		listed = append(listed, v.Name)
		defaults[v.Name] = v.Default
		if v.Summary == "" {
			t.Errorf("%s has no summary", v.Name)
		}
	}
	// SEED is read once more, last: whether it was set decides its default.
	if diff := cmp.Diff(append(listed, "SEED"), read); diff != "" {
		t.Errorf("variables read (-listed +read):\n%s", diff)
	}
	for name, want := range map[string]string{"ADDR": "127.0.0.1:8080", "SESSION_IDLE": "15m", "SESSION_ABSOLUTE": "12h",
		"SESSION_WARN": "1m", "KIOSK_WARN": "30s", "CODE_TRIES": "5", "DEV": "", "SMTP_TLS": "starttls", "PAYEE_INN": "7727406020"} {
		if defaults[name] != want {
			t.Errorf("%s default %q, want %q", name, defaults[name], want)
		}
	}
}

// Demo data (staff with published passwords and authenticator keys) is
// made only in development: a deployment that sets nothing gets none, and
// one that asks for it without DEV is refused (ASVS 6.3.2).
func TestSeedOnlyInDevelopment(t *testing.T) {
	for name, tc := range map[string]struct {
		env     map[string]string
		seed    bool
		refusal string
	}{
		"deployment, embedded":   {env: nil, seed: false},
		"deployment, own server": {env: map[string]string{"DATABASE_URL": "postgres://x"}, seed: false},
		"make run":               {env: map[string]string{"DEV": "true"}, seed: true},
		"dev, own server":        {env: map[string]string{"DEV": "true", "DATABASE_URL": "postgres://x"}, seed: false},
		"dev, asked":             {env: map[string]string{"DEV": "true", "DATABASE_URL": "postgres://x", "SEED": "true"}, seed: true},
		"dev, declined":          {env: map[string]string{"DEV": "true", "SEED": "false"}, seed: false},
		"asked without DEV":      {env: map[string]string{"SEED": "true"}, refusal: "needs DEV=true"},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := FromEnv(env(tc.env))
			if tc.refusal != "" {
				if err == nil || !strings.Contains(err.Error(), tc.refusal) {
					t.Fatalf("FromEnv = %v, want a refusal with %q", err, tc.refusal)
				}
				return
			}
			if err != nil || c.Seed != tc.seed {
				t.Fatalf("Seed = %v (%v), want %v", c.Seed, err, tc.seed)
			}
		})
	}
}

// The profiler listens on loopback while ADMIN_ADDR is unset; set empty
// or to "off", it is off (an empty ADMIN_ADDR once read as an unset one,
// and so as loopback).
func TestAdminAddr(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	host, _, err := net.SplitHostPort(c.AdminAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		t.Fatalf("default ADMIN_ADDR %q is not a loopback address", c.AdminAddr)
	}
	for v, want := range map[string]string{"": "", " ": "", "off": "", "OFF": "", "127.0.0.1:7060": "127.0.0.1:7060"} {
		c, err := FromEnv(env(map[string]string{"ADMIN_ADDR": v}))
		if err != nil || c.AdminAddr != want {
			t.Errorf("ADMIN_ADDR=%s: %q %v, want %q", v, c.AdminAddr, err, want)
		}
	}
}
