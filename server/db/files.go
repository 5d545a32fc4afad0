package db

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migration names one migration: its version (a UTC timestamp
// YYYYMMDDHHMMSS read as a number) and the name from its file names.
type Migration struct {
	Version int64
	Name    string
}

func (m Migration) String() string { return fmt.Sprintf("%d_%s", m.Version, m.Name) }

// migrationFile is a migration with the paths of its two files.
type migrationFile struct {
	Migration
	up, down string
}

// fileName matches VERSION_name.up.sql and VERSION_name.down.sql.
var fileName = regexp.MustCompile(`^([0-9]{14})_([a-z0-9][a-z0-9_]*)\.(up|down)\.sql$`)

// readMigrations lists the migrations in the top directory of fsys, in
// version order. Files not ending in .sql are ignored; a .sql file with a
// malformed name, a version without both files, and two names for one
// version are errors.
func readMigrations(fsys fs.FS) ([]migrationFile, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	byVersion := map[int64]*migrationFile{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m := fileName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration file %q: name must be VERSION_name.up.sql or VERSION_name.down.sql (VERSION = UTC YYYYMMDDHHMMSS, name = [a-z0-9_])", e.Name())
		}
		if _, err := time.Parse("20060102150405", m[1]); err != nil {
			return nil, fmt.Errorf("migration file %q: version is not a valid timestamp: %w", e.Name(), err)
		}
		version, _ := strconv.ParseInt(m[1], 10, 64)
		mf := byVersion[version]
		if mf == nil {
			mf = &migrationFile{Migration: Migration{Version: version, Name: m[2]}}
			byVersion[version] = mf
		}
		if mf.Name != m[2] {
			return nil, fmt.Errorf("duplicate migration version %d: names %q and %q", version, mf.Name, m[2])
		}
		// ReadDir returns sorted, unique names, so each slot fills once.
		if m[3] == "up" {
			mf.up = e.Name()
		} else {
			mf.down = e.Name()
		}
	}
	list := make([]migrationFile, 0, len(byVersion))
	for _, mf := range byVersion {
		switch {
		case mf.up == "":
			return nil, fmt.Errorf("migration %s: missing %s.up.sql", mf, mf)
		case mf.down == "":
			return nil, fmt.Errorf("migration %s: missing %s.down.sql", mf, mf)
		}
		list = append(list, *mf)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Version < list[j].Version })
	return list, nil
}

// readScript returns the text of one migration file.
func readScript(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", fmt.Errorf("read migration: %w", err)
	}
	return string(b), nil
}

// hasStatements reports whether script holds anything besides comments and
// white space. Stripping naively can only remove text (a comment marker
// inside a string literal follows the literal's quote, which remains), so
// an empty result really means an empty script, which PostgreSQL rejects.
func hasStatements(script string) bool {
	for script != "" {
		i := strings.IndexAny(script, "-/")
		if i < 0 {
			return strings.TrimSpace(script) != ""
		}
		if strings.TrimSpace(script[:i]) != "" {
			return true
		}
		rest := script[i:]
		switch {
		case strings.HasPrefix(rest, "--"):
			if j := strings.IndexByte(rest, '\n'); j >= 0 {
				script = rest[j+1:]
			} else {
				script = ""
			}
		case strings.HasPrefix(rest, "/*"):
			if j := strings.Index(rest, "*/"); j >= 0 {
				script = rest[j+2:]
			} else {
				script = ""
			}
		default:
			return true
		}
	}
	return false
}
