package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestWasmDependencies keeps server-only packages out of the browser
// build: they would bloat app.wasm or not compile for js/wasm at all.
func TestWasmDependencies(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	forbidden := []string{
		"github.com/gofiber/fiber", "github.com/uptrace/bun", "github.com/uptrace/bun/driver/pgdriver",
		"github.com/go-webauthn/webauthn", "github.com/valyala/fasthttp",
	}
	// net/http, even imported only for its names, links crypto/tls and
	// crypto/x509 (about 330 KB of brotli): app/client talks to fetch
	// directly, and go-app's server-side files are kept out of the js
	// build by the patched copy in third_party/go-app. That copy also
	// makes its two random ids without github.com/google/uuid, which
	// brought crypto/md5, crypto/sha1 and database/sql/driver (9 KB).
	exact := []string{"database/sql", "database/sql/driver", "net/http", "crypto/tls", "crypto/x509",
		"crypto/md5", "crypto/sha1", "github.com/google/uuid"}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list printed too little to be a dependency list: %q", out)
	}
	for _, dep := range deps {
		for _, f := range exact {
			if dep == f {
				t.Errorf("app.wasm depends on %s", dep)
			}
		}
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("app.wasm depends on %s", dep)
			}
		}
	}
}
