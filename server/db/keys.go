package db

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/uptrace/bun"
)

// ServerKey returns the named 32-byte server secret (table server_keys),
// creating it on first use. Any number of processes may race here: the
// first insert wins and all of them read the same key.
func ServerKey(ctx context.Context, db bun.IDB, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	if _, err := db.NewRaw("INSERT INTO server_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, fresh).Exec(ctx); err != nil {
		return nil, fmt.Errorf("db.ServerKey(%s): %w", name, err)
	}
	var key []byte
	if err := db.NewRaw("SELECT key FROM server_keys WHERE name = ?", name).Scan(ctx, &key); err != nil {
		return nil, fmt.Errorf("db.ServerKey(%s): %w", name, err)
	}
	return key, nil
}
