package documents

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/derrors"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
)

// The SQL of the layer: each function takes bun.IDB, so that it runs in
// the caller's transaction when there is one.

// notFound turns "no rows" into the API's not found.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return shared.E(shared.CodeNotFound)
	}
	return err
}

// Blobs.

func insertBlob(ctx context.Context, db bun.IDB) (id int64, err error) {
	defer derrors.Wrap(&err, "documents.insertBlob")
	err = db.NewRaw("INSERT INTO document_blobs DEFAULT VALUES RETURNING id").Scan(ctx, &id)
	return id, err
}

func insertChunk(ctx context.Context, db bun.IDB, id int64, seq int, data []byte) (err error) {
	defer derrors.Wrap(&err, "documents.insertChunk(%d, %d)", id, seq)
	_, err = db.ExecContext(ctx, "INSERT INTO document_blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)", id, seq, data)
	return err
}

func chunk(ctx context.Context, db bun.IDB, id int64, seq int) (data []byte, err error) {
	defer derrors.Wrap(&err, "documents.chunk(%d, %d)", id, seq)
	err = db.NewRaw("SELECT data FROM document_blob_chunks WHERE blob_id = ? AND seq = ?", id, seq).Scan(ctx, &data)
	return data, err
}

func deleteBlob(ctx context.Context, db bun.IDB, id int64) (err error) {
	defer derrors.Wrap(&err, "documents.deleteBlob(%d)", id)
	_, err = db.ExecContext(ctx, "DELETE FROM document_blobs WHERE id = ?", id)
	return err
}

func deleteUnsealed(ctx context.Context, db bun.IDB, id int64) (err error) {
	defer derrors.Wrap(&err, "documents.deleteUnsealed(%d)", id)
	_, err = db.ExecContext(ctx, "DELETE FROM document_blobs WHERE id = ? AND sha256 IS NULL", id)
	return err
}

// hashLockSpace is the first key of the advisory locks on blob hashes
// ("doc"): the two-key locks are a space of their own.
const hashLockSpace = 0x646f63

// lockHash holds the hash until the transaction ends: Seal and Release of
// the same bytes run one after the other.
func lockHash(ctx context.Context, db bun.IDB, sum []byte) (err error) {
	defer derrors.Wrap(&err, "documents.lockHash")
	key := int32(binary.BigEndian.Uint32(sum[:4]))
	_, err = db.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, ?)", hashLockSpace, key)
	return err
}

func blobByHash(ctx context.Context, db bun.IDB, sum []byte) (b Blob, found bool, err error) {
	defer derrors.Wrap(&err, "documents.blobByHash")
	err = db.NewRaw("SELECT id, sha256, size FROM document_blobs WHERE sha256 = ?", sum).Scan(ctx, &b.ID, &b.SHA256, &b.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return Blob{}, false, nil
	}
	return b, err == nil, err
}

func blobByID(ctx context.Context, db bun.IDB, id int64) (b Blob, err error) {
	defer derrors.Wrap(&err, "documents.blobByID(%d)", id)
	var sum []byte
	err = db.NewRaw("SELECT id, sha256, size FROM document_blobs WHERE id = ?", id).Scan(ctx, &b.ID, &sum, &b.Size)
	b.SHA256 = sum
	return b, notFound(err)
}

func setBlobSize(ctx context.Context, db bun.IDB, id, size int64) (err error) {
	defer derrors.Wrap(&err, "documents.setBlobSize(%d)", id)
	_, err = db.ExecContext(ctx, "UPDATE document_blobs SET size = ? WHERE id = ?", size, id)
	return err
}

func sealBlob(ctx context.Context, db bun.IDB, b Blob) (err error) {
	defer derrors.Wrap(&err, "documents.sealBlob(%d)", b.ID)
	_, err = db.ExecContext(ctx, "UPDATE document_blobs SET sha256 = ? WHERE id = ? AND sha256 IS NULL", b.SHA256, b.ID)
	return err
}

func deleteUnreferenced(ctx context.Context, db bun.IDB, id int64) (err error) {
	defer derrors.Wrap(&err, "documents.deleteUnreferenced(%d)", id)
	_, err = db.ExecContext(ctx, `DELETE FROM document_blobs b WHERE b.id = ?
		AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.blob_id = b.id)
		AND NOT EXISTS (SELECT 1 FROM incoming_documents i WHERE i.blob_id = b.id)`, id)
	return err
}

// sweepUnsealed deletes the blobs of uploads that never finished (a
// process that died mid-upload leaves one).
func sweepUnsealed(ctx context.Context, db bun.IDB, before time.Time) (n int64, err error) {
	defer derrors.Wrap(&err, "documents.sweepUnsealed")
	res, err := db.ExecContext(ctx, "DELETE FROM document_blobs WHERE sha256 IS NULL AND created_at < ?", before)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Documents.

type documentRow struct {
	ID        string    `bun:"id"`
	AccountID string    `bun:"account_id"`
	BlobID    int64     `bun:"blob_id"`
	Name      string    `bun:"name"`
	Type      string    `bun:"type"`
	CreatedAt time.Time `bun:"created_at"`
	Size      int64     `bun:"size"`
	SHA256    []byte    `bun:"sha256"`
	Sent      bool      `bun:"sent"`
	Signed    bool      `bun:"signed"`
}

func (r documentRow) public() documents.Document {
	st := documents.StatusUploaded
	switch {
	case r.Sent:
		st = documents.StatusSent
	case r.Signed:
		st = documents.StatusSigned
	}
	return documents.Document{ID: r.ID, Name: r.Name, Type: documents.Type(r.Type), Size: r.Size,
		SHA256: hex.EncodeToString(r.SHA256), Status: st, CreatedAt: r.CreatedAt}
}

// documentColumns reads a document with its blob's size and hash, and
// whether it was sent and signed (the signature layer's
// document_signatures, which leaves this check to the documents).
const documentColumns = `SELECT d.id, d.account_id, d.blob_id, d.name, d.type, d.created_at, b.size, b.sha256,
	EXISTS (SELECT 1 FROM sending_documents sd WHERE sd.document_id = d.id) AS sent,
	EXISTS (SELECT 1 FROM document_signatures ds WHERE ds.document_id = d.id) AS signed
	FROM documents d JOIN document_blobs b ON b.id = d.blob_id `

func insertDocument(ctx context.Context, db bun.IDB, accountID string, blobID int64, name string, t documents.Type) (id string, err error) {
	defer derrors.Wrap(&err, "documents.insertDocument(%q)", accountID)
	err = db.NewRaw("INSERT INTO documents (account_id, blob_id, name, type, name_folded) VALUES (?, ?, ?, ?, ?) RETURNING id",
		accountID, blobID, name, string(t), strings.ToLower(name)).Scan(ctx, &id)
	return id, err
}

// documentByBlob finds the owner's document over the blob, if any.
func documentByBlob(ctx context.Context, db bun.IDB, accountID string, blobID int64) (r documentRow, found bool, err error) {
	defer derrors.Wrap(&err, "documents.documentByBlob(%q, %d)", accountID, blobID)
	err = db.NewRaw(documentColumns+"WHERE d.account_id = ? AND d.blob_id = ?", accountID, blobID).Scan(ctx, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return documentRow{}, false, nil
	}
	return r, err == nil, err
}

// documentOf is the owner's document (not found for anyone else's); lock
// is "" or a row lock such as "FOR UPDATE OF d".
func documentOf(ctx context.Context, db bun.IDB, accountID, id, lock string) (r documentRow, err error) {
	defer derrors.Wrap(&err, "documents.documentOf(%q)", id)
	err = db.NewRaw(documentColumns+"WHERE d.account_id = ? AND d.id = ? "+lock, accountID, id).Scan(ctx, &r)
	return r, notFound(err)
}

// ownedDocuments are the owner's documents among ids, locked against a
// delete until the transaction ends.
func ownedDocuments(ctx context.Context, db bun.IDB, accountID string, ids []string) (rows []documentRow, err error) {
	defer derrors.Wrap(&err, "documents.ownedDocuments(%q)", accountID)
	err = db.NewRaw(documentColumns+"WHERE d.account_id = ? AND d.id IN (?) ORDER BY d.created_at FOR SHARE OF d",
		accountID, bun.In(ids)).Scan(ctx, &rows)
	return rows, err
}

// filter is a parsed list query (GET /documents).
type filter struct {
	Query    string
	Type     string
	Status   string
	From, To time.Time // days in Moscow, To included
}

func listDocuments(ctx context.Context, db bun.IDB, accountID string, f filter) (rows []documentRow, err error) {
	defer derrors.Wrap(&err, "documents.listDocuments(%q)", accountID)
	var where strings.Builder
	args := []any{accountID}
	where.WriteString("WHERE d.account_id = ?")
	if f.Query != "" {
		where.WriteString(" AND d.name_folded LIKE ? ESCAPE '\\'")
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(f.Query))+"%")
	}
	if f.Type != "" {
		where.WriteString(" AND d.type = ?")
		args = append(args, f.Type)
	}
	if !f.From.IsZero() {
		where.WriteString(" AND d.created_at >= ?")
		args = append(args, f.From)
	}
	if !f.To.IsZero() {
		where.WriteString(" AND d.created_at < ?")
		args = append(args, f.To.AddDate(0, 0, 1))
	}
	const sent = "EXISTS (SELECT 1 FROM sending_documents sd WHERE sd.document_id = d.id)"
	const signed = "EXISTS (SELECT 1 FROM document_signatures ds WHERE ds.document_id = d.id)"
	switch f.Status {
	case documents.StatusSent:
		where.WriteString(" AND " + sent)
	case documents.StatusSigned:
		where.WriteString(" AND " + signed + " AND NOT " + sent)
	case documents.StatusUploaded:
		where.WriteString(" AND NOT " + signed + " AND NOT " + sent)
	}
	err = db.NewRaw(documentColumns+where.String()+" ORDER BY d.created_at DESC, d.id LIMIT 500", args...).Scan(ctx, &rows)
	return rows, err
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func deleteDocument(ctx context.Context, db bun.IDB, id string) (err error) {
	defer derrors.Wrap(&err, "documents.deleteDocument(%q)", id)
	_, err = db.ExecContext(ctx, "DELETE FROM documents WHERE id = ?", id)
	return err
}

// usesOf reports whether the document is attached to any sending and
// whether it was signed.
func usesOf(ctx context.Context, db bun.IDB, id string) (sent, signed bool, err error) {
	defer derrors.Wrap(&err, "documents.usesOf(%q)", id)
	err = db.NewRaw(`SELECT EXISTS (SELECT 1 FROM sending_documents WHERE document_id = ?),
		EXISTS (SELECT 1 FROM document_signatures WHERE document_id = ?)`, id, id).Scan(ctx, &sent, &signed)
	return sent, signed, err
}

// Agencies.

type agencyRow struct {
	Code       string   `bun:"code"`
	Category   string   `bun:"category"`
	NameRU     string   `bun:"name_ru"`
	NameEN     string   `bun:"name_en"`
	Signatures []string `bun:"signatures,array"`
}

type requestRow struct {
	Agency  string `bun:"agency"`
	Code    string `bun:"code"`
	TitleRU string `bun:"title_ru"`
	TitleEN string `bun:"title_en"`
}

// pick is the text in lang.
func pick(lang i18n.Lang, ru, en string) string {
	if lang == i18n.EN && en != "" {
		return en
	}
	return ru
}

func listAgencies(ctx context.Context, db bun.IDB) (agencies []agencyRow, requests []requestRow, err error) {
	defer derrors.Wrap(&err, "documents.listAgencies")
	if err = db.NewRaw("SELECT code, category, name_ru, name_en, signatures FROM agencies ORDER BY position, code").Scan(ctx, &agencies); err != nil {
		return nil, nil, err
	}
	err = db.NewRaw("SELECT agency, code, title_ru, title_en FROM agency_requests ORDER BY agency, position, code").Scan(ctx, &requests)
	return agencies, requests, err
}

func agencyByCode(ctx context.Context, db bun.IDB, code string) (a agencyRow, found bool, err error) {
	defer derrors.Wrap(&err, "documents.agencyByCode(%q)", code)
	err = db.NewRaw("SELECT code, category, name_ru, name_en, signatures FROM agencies WHERE code = ?", code).Scan(ctx, &a)
	if errors.Is(err, sql.ErrNoRows) {
		return agencyRow{}, false, nil
	}
	return a, err == nil, err
}

func requestExists(ctx context.Context, db bun.IDB, agency, code string) (ok bool, err error) {
	defer derrors.Wrap(&err, "documents.requestExists(%q, %q)", agency, code)
	return db.NewSelect().Table("agency_requests").Where("agency = ? AND code = ?", agency, code).Exists(ctx)
}
