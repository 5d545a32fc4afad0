package audit

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LoadKey returns the journal key: hexKey when given (JOURNAL_KEY), else
// the key file, which is created with a fresh random key on first use.
// The key lives outside PostgreSQL on purpose: whoever holds only the
// database cannot recompute the chain. Losing it makes the journal
// unverifiable, so back the file up apart from the database.
func LoadKey(hexKey, file string) ([]byte, error) {
	if hexKey != "" {
		key, err := hex.DecodeString(strings.TrimSpace(hexKey))
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("JOURNAL_KEY must be %d hexadecimal digits", 2*KeySize)
		}
		return key, nil
	}
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return createKey(file)
	}
	if err != nil {
		return nil, fmt.Errorf("journal key: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("journal key file %s must hold %d hexadecimal digits", file, 2*KeySize)
	}
	return key, nil
}

func createKey(file string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return nil, fmt.Errorf("journal key: %w", err)
	}
	// Written aside and linked into place: link fails if the name exists,
	// so two processes starting at once agree on one key, and neither reads
	// a half-written file.
	tmp, err := os.CreateTemp(filepath.Dir(file), ".journal-key-*")
	if err != nil {
		return nil, fmt.Errorf("journal key: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(key) + "\n")
	if err = errors.Join(err, tmp.Chmod(0o600), tmp.Sync(), tmp.Close()); err != nil {
		return nil, fmt.Errorf("journal key: %w", err)
	}
	if err := os.Link(tmp.Name(), file); errors.Is(err, fs.ErrExist) {
		return LoadKey("", file)
	} else if err != nil {
		return nil, fmt.Errorf("journal key: %w", err)
	}
	return key, nil
}
