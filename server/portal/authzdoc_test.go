package portal_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"kabinet/server/portal"
)

var update = flag.Bool("update", false, "rewrite the generated documents (docs/authorization.md)")

// docs/authorization.md is generated from the code's own tables; a change
// to the roles, the permissions or the back-office routes that is not
// carried into the document fails here (run with -update to rewrite it).
func TestAuthorizationDocIsCurrent(t *testing.T) {
	got, err := portal.AuthorizationDoc()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "authorization.md")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./server/portal -run TestAuthorizationDocIsCurrent -update", path)
	}
}
