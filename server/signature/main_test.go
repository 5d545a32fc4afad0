package signature_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/signature"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// start runs a portal with a stand-in front end and an in-test document
// store, with the demo accounts (the operator confirms identities).
func start(t *testing.T, tune func(*config.Config)) (*portaltest.Env, *docStore) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := portaltest.Start(t, dir, tune)
	e.SeedDemo()
	docs := &docStore{t: t, db: e.DB, files: map[string]storedDoc{}}
	e.P.Signature.SetDocuments(docs)
	return e, docs
}

// docStore stands in for the documents service: files in memory, each
// visible to its owner only. The signatures themselves go to PostgreSQL,
// where each names a row of documents: put writes one.
type docStore struct {
	t     *testing.T
	db    *bun.DB
	mu    sync.Mutex
	files map[string]storedDoc
}

type storedDoc struct {
	owner, name string
	body        []byte
}

// put stores a document of owner and returns its id.
func (d *docStore) put(owner, name string, body []byte) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	id := newID()
	sum := sha256.Sum256(body)
	if err := d.db.NewRaw(`WITH b AS (INSERT INTO document_blobs (sha256, size) VALUES (?, ?)
			ON CONFLICT (sha256) DO UPDATE SET size = excluded.size RETURNING id)
		INSERT INTO documents (id, account_id, blob_id, name, type, name_folded) SELECT ?, ?, b.id, ?, 'pdf', lower(?) FROM b
		ON CONFLICT (account_id, blob_id) DO UPDATE SET name = excluded.name RETURNING id`,
		sum[:], len(body), id, owner, name, name).Scan(context.Background(), &id); err != nil {
		d.t.Fatalf("docStore.put: %v", err)
	}
	d.files[id] = storedDoc{owner: owner, name: name, body: body}
	return id
}

func (d *docStore) get(accountID, id string) (storedDoc, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.files[id]
	if !ok || f.owner != accountID {
		return f, shared.E(shared.CodeNotFound)
	}
	return f, nil
}

func (d *docStore) Meta(_ context.Context, accountID, id string) ([]byte, string, error) {
	f, err := d.get(accountID, id)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(f.body)
	return sum[:], f.name, nil
}

func (d *docStore) Open(_ context.Context, accountID, id string) (io.ReadCloser, error) {
	f, err := d.get(accountID, id)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(bytes.NewReader(f.body)), nil
}

// IncomingMeta: the stand-in holds no incoming documents (the agencies'
// signatures are tested with the documents service, in server/documents).
func (d *docStore) IncomingMeta(context.Context, string, string) ([]byte, string, error) {
	return nil, "", shared.E(shared.CodeNotFound)
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&15])
	}
	return string(out)
}

// browserKey is what WebCrypto makes in the person's browser: an ECDSA
// P-256 key that signs with SHA-256 and answers raw r‖s.
type browserKey struct{ *ecdsa.PrivateKey }

func newBrowserKey(t *testing.T) browserKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return browserKey{k}
}

func (k browserKey) spki(t *testing.T) []byte {
	t.Helper()
	b, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sign is WebCrypto's sign({name: "ECDSA", hash: "SHA-256"}, key, message).
func (k browserKey) sign(t *testing.T, message []byte) []byte {
	t.Helper()
	h := sha256.Sum256(message)
	r, s, err := ecdsa.Sign(rand.Reader, k.PrivateKey, h[:])
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	s.FillBytes(out[32:])
	return out
}

// issue asks the portal's CA for a certificate of a new browser key of
// c's (confirmed, stepped-up) account.
func issue(t *testing.T, c *portaltest.Client) (browserKey, signature.Certificate) {
	t.Helper()
	k := newBrowserKey(t)
	spki := k.spki(t)
	var cert signature.Certificate
	c.MustOK("POST", "/me/signature/certificates", signature.CertificateRequest{PublicKey: spki,
		Proof: k.sign(t, signature.KeyProofMessage(spki)), Device: "Тестовый браузер"}, &cert)
	return k, cert
}

// signDocument signs document id with the «Ключ Кабинета» k: prepare,
// the key signs the attributes, complete.
func signDocument(t *testing.T, c *portaltest.Client, k browserKey, serial, id string) signature.Record {
	t.Helper()
	var p signature.Prepared
	c.MustOK("POST", "/signature/documents/"+id+"/prepare", signature.PrepareRequest{Serial: serial}, &p)
	var r signature.Record
	c.MustOK("POST", "/signature/requests/"+p.ID+"/complete", signature.CompleteRequest{Signature: k.sign(t, p.SignedAttributes)}, &r)
	return r
}

// caPEM is the portal's CA certificate as it publishes it.
func caPEM(t *testing.T, c *portaltest.Client) []byte {
	t.Helper()
	var b []byte
	c.MustOK("GET", "/signature/ca", nil, &b)
	if block, _ := pem.Decode(b); block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("the CA is not a PEM certificate: %q", b)
	}
	return b
}

// verify asks the public verification for a signature of a document.
func verify(t *testing.T, c *portaltest.Client, doc, sig []byte) signature.Verification {
	t.Helper()
	var v signature.Verification
	c.MustOK("POST", "/signature/verify", portaltest.Multipart(map[string][]byte{"document": doc, "signature": sig}, nil), &v)
	return v
}

// openssl runs openssl and returns its error and output.
func openssl(t *testing.T, args ...string) (string, error) {
	t.Helper()
	path, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("openssl is missing")
		}
		t.Skip("openssl is missing")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, args...).CombinedOutput()
	return string(out), err
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantCode fails unless the request failed with status and code.
func wantCode(t *testing.T, c *portaltest.Client, method, path string, in any, status int, code shared.Code) {
	t.Helper()
	got, err := c.Do(method, path, in, nil)
	if got != status || err == nil || err.Code != code {
		t.Fatalf("%s %s: %d %+v, want %d %s", method, path, got, err, status, code)
	}
}
