// Package migrations holds the database schema as plain SQL files, embedded
// into the server binary. Files are named VERSION_name.up.sql and
// VERSION_name.down.sql (VERSION = UTC timestamp YYYYMMDDHHMMSS); each runs
// in its own transaction. Every file starts with a comment saying why.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
