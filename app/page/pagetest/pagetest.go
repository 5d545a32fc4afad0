// Package pagetest holds what the tests of the page packages (app/page and
// each area's) share: the check that every text a package's pages ask for
// is in the catalogue in both languages, and that a form's draft holds no
// secret. Only tests import it.
package pagetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kabinet/shared/i18n"
)

// literal is a text asked for by its key, t("key", …).
var literal = regexp.MustCompile(`\bt\("([a-zA-Z][a-zA-Z0-9_.]*)"[,)]`)

// LiteralKeys returns the catalogue keys that the Go files of the test's
// package directory name literally.
func LiteralKeys(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	return keys
}

// CheckKeys fails for every key the catalogue lacks or has no English
// text for.
func CheckKeys(t *testing.T, keys map[string]bool) {
	t.Helper()
	for key := range keys {
		if !i18n.Has(key) {
			t.Errorf("missing catalogue key %q", key)
			continue
		}
		if en := i18n.T(i18n.EN, key); en == i18n.T(i18n.RU, key) && key != "outbox.channel.sms" {
			t.Errorf("key %q has no English text", key)
		}
	}
}

// HoldsNoSecrets fails when the JSON of a form's draft v names a password,
// a one-time code or a token: drafts stay on the device.
func HoldsNoSecrets(t *testing.T, name string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	keys := strings.ToLower(string(b))
	for _, secret := range []string{"password", "otp", "secret", "token", `"code"`, "current"} {
		if strings.Contains(keys, secret) {
			t.Errorf("the %s draft has a %s: %s", name, secret, b)
		}
	}
}
