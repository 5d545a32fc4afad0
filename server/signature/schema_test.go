package signature_test

import (
	"context"
	"strings"
	"testing"

	"kabinet/migrations"
	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// A signature record names a document that exists: the migration that
// adds the foreign key refuses a database holding a record of a missing
// document (with their count), and once it is in, the key refers to
// documents.
func TestSignatureRecordsNameTheirDocument(t *testing.T) {
	ctx := context.Background()
	bdb := dbtest.NewDB(t)
	if _, err := db.Down(ctx, bdb, migrations.FS, 1); err != nil {
		t.Fatal(err)
	}
	// A record of a document that is not there (the account's key is
	// left unchecked too: only the document's is under test).
	orphan := func() error {
		_, err := bdb.ExecContext(ctx, `SET session_replication_role = replica;
			INSERT INTO document_signatures (id, document_id, account_id, kind, sha256, signer_name, signer, signed_at, method, status, cms, cms_sha256, seal)
			VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'simple', decode(repeat('00', 32), 'hex'), 'x', '{}', now(),
				'step_up', 'valid', '\x30', decode(repeat('00', 32), 'hex'), '\x30');
			SET session_replication_role = origin`)
		return err
	}
	if err := orphan(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Up(ctx, bdb, migrations.FS); err == nil || !strings.Contains(err.Error(), "1 signature record(s) name a document that is not in documents") {
		t.Fatalf("the migration over a record of a missing document: %v", err)
	}
	if _, err := bdb.ExecContext(ctx, "DELETE FROM document_signatures"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Up(ctx, bdb, migrations.FS); err != nil {
		t.Fatal(err)
	}
	var target string
	if err := bdb.NewRaw(`SELECT confrelid::regclass::text FROM pg_constraint
		WHERE conname = 'document_signatures_document_id_fkey' AND conrelid = 'document_signatures'::regclass`).Scan(ctx, &target); err != nil || target != "documents" {
		t.Fatalf("the foreign key refers to %q (%v)", target, err)
	}
}
