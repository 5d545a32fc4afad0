package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWasmHasNoPasswordList checks that the list of common passwords
// stays out of app.wasm (the browser fetches it when it is needed).
func TestWasmHasNoPasswordList(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "web", "app.wasm"))
	if os.IsNotExist(err) {
		t.Skip("web/app.wasm is not built: run `make wasm`")
	}
	if err != nil {
		t.Fatal(err)
	}
	list, err := os.ReadFile(filepath.Join("..", "shared", "passwords.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// A run of the list's lines, as the embedded text would hold them.
	lines := strings.Split(string(list), "\n")
	var run []string
	for _, l := range lines {
		if l != "" && !strings.HasPrefix(l, "#") {
			run = append(run, l)
		}
		if len(run) == 20 {
			break
		}
	}
	if bytes.Contains(raw, []byte(strings.Join(run, "\n"))) {
		t.Error("app.wasm carries shared/passwords.txt: keep it behind the !js build tag")
	}
}
