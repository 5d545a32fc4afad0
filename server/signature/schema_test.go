package signature_test

import (
	"context"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/migrations"
	"kabinet/server/db"
	"kabinet/server/dbtest"
	"kabinet/shared/signature"
)

// downThrough rolls the database back to before migration version, and
// every later one: a test of one migration must not depend on how many
// others came after it.
func downThrough(t *testing.T, bdb *bun.DB, version string) {
	t.Helper()
	ups, err := fs.Glob(migrations.FS, "*.up.sql")
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	for _, f := range ups {
		if f >= version {
			steps++
		}
	}
	if _, err := db.Down(context.Background(), bdb, migrations.FS, steps); err != nil {
		t.Fatal(err)
	}
}

// A signature record names a document that exists: the migration that
// adds the foreign key refuses a database holding a record of a missing
// document (with their count), and once it is in, the key refers to
// documents.
func TestSignatureRecordsNameTheirDocument(t *testing.T) {
	ctx := context.Background()
	bdb := dbtest.NewDB(t)
	downThrough(t, bdb, "20261206133001")
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

// A prepared «Ключ Кабинета» signature names a document that exists and
// goes with it: the migration drops requests of missing documents, and a
// document deleted between prepare and complete leaves nothing to
// complete (request_expired), never a signature of a document that is
// gone.
func TestSignatureRequestsGoWithTheirDocument(t *testing.T) {
	ctx := context.Background()
	bdb := dbtest.NewDB(t)
	downThrough(t, bdb, "20261206143000")
	// A request of a document that is not there (its account and
	// certificate keys are left unchecked: only the document's is under
	// test).
	if _, err := bdb.ExecContext(ctx, `SET session_replication_role = replica;
		INSERT INTO signature_requests (account_id, document_id, serial, sha256, signing_time, signed_attrs, expires_at)
		VALUES (gen_random_uuid(), gen_random_uuid(), 'x', decode(repeat('00', 32), 'hex'), now(), '\x30', now() + interval '5 minutes');
		SET session_replication_role = origin`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Up(ctx, bdb, migrations.FS); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := bdb.NewRaw("SELECT count(*) FROM signature_requests").Scan(ctx, &left); err != nil || left != 0 {
		t.Fatalf("%d requests of a missing document left (%v)", left, err)
	}
	var target, onDelete string
	if err := bdb.NewRaw(`SELECT confrelid::regclass::text, confdeltype::text FROM pg_constraint
		WHERE conname = 'signature_requests_document_id_fkey' AND conrelid = 'signature_requests'::regclass`).Scan(ctx, &target, &onDelete); err != nil ||
		target != "documents" || onDelete != "c" {
		t.Fatalf("the foreign key refers to %q, on delete %q (%v)", target, onDelete, err)
	}

	e, docs := start(t, nil)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 5)
	k, cert := issue(t, c)
	id := docs.put(p.ID, "Черновик.pdf", []byte("%PDF-1.4 draft"))
	var prepared signature.Prepared
	c.MustOK("POST", "/signature/documents/"+id+"/prepare", signature.PrepareRequest{Serial: cert.Serial}, &prepared)
	if _, err := e.DB.ExecContext(ctx, "DELETE FROM documents WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	wantCode(t, c, "POST", "/signature/requests/"+prepared.ID+"/complete", signature.CompleteRequest{Signature: k.sign(t, prepared.SignedAttributes)},
		http.StatusGone, signature.CodeRequestExpired)
}
