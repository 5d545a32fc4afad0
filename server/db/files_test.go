package db

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestReadMigrations(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("SELECT 1;")}
	tests := []struct {
		name    string
		files   []string
		want    []Migration
		wantErr string
	}{
		{
			name:  "sorted by version, other files ignored",
			files: []string{"20260102000000_b.up.sql", "20260102000000_b.down.sql", "20260101000000_a.up.sql", "20260101000000_a.down.sql", "migrations.go", "README.md"},
			want:  []Migration{{20260101000000, "a"}, {20260102000000, "b"}},
		},
		{name: "empty", files: nil, want: []Migration{}},
		{name: "short version", files: []string{"2026010100000_a.up.sql"}, wantErr: "name must be"},
		{name: "no direction", files: []string{"20260101000000_a.sql"}, wantErr: "name must be"},
		{name: "upper-case name", files: []string{"20260101000000_Accounts.up.sql"}, wantErr: "name must be"},
		{name: "not a timestamp", files: []string{"20261399000000_a.up.sql", "20261399000000_a.down.sql"}, wantErr: "not a valid timestamp"},
		{name: "missing down", files: []string{"20260101000000_a.up.sql"}, wantErr: "missing 20260101000000_a.down.sql"},
		{name: "missing up", files: []string{"20260101000000_a.down.sql"}, wantErr: "missing 20260101000000_a.up.sql"},
		{
			name:    "duplicate version",
			files:   []string{"20260101000000_a.up.sql", "20260101000000_a.down.sql", "20260101000000_b.up.sql", "20260101000000_b.down.sql"},
			wantErr: "duplicate migration version 20260101000000",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = file
			}
			got, err := readMigrations(fsys)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("readMigrations error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			names := make([]Migration, len(got))
			for i, mf := range got {
				names[i] = mf.Migration
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("migrations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHasStatements(t *testing.T) {
	tests := []struct {
		script string
		want   bool
	}{
		{"", false},
		{"  \n\t", false},
		{"-- nothing to undo\n", false},
		{"-- a\n/* b\n c */\n-- d", false},
		{"SELECT 1", true},
		{"-- why\nDROP TABLE x;", true},
		{"/* x */ SELECT 1", true},
		{"SELECT '--'", true},
		{"SELECT 1 - 2", true},
		{"SELECT 4 / 2", true},
	}
	for _, tt := range tests {
		if got := hasStatements(tt.script); got != tt.want {
			t.Errorf("hasStatements(%q) = %v, want %v", tt.script, got, tt.want)
		}
	}
}
